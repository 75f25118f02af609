import { Browser, BrowserContextOptions, expect, Page, test, TestInfo } from '@playwright/test';

import { serverOf } from './e2e-env';
import { CUSTOMER, logIn } from './support';

/**
 * The scripts a fresh visit to `path` (empty HTTP cache, the given local storage) requests before
 * its first API request, and the ones the page announces as `<script src>` or
 * `<link rel="modulepreload">`: in index.html as served, and once the page has started.
 */
async function scriptsOfFirstVisit(
  browser: Browser,
  baseURL: string,
  path: string,
  storageState: BrowserContextOptions['storageState'],
  ready: (page: Page) => Promise<void>,
): Promise<{ requested: string[]; inHtml: Set<string>; announced: Set<string> }> {
  const context = await browser.newContext({ baseURL, storageState });
  const page = await context.newPage();
  const requested: string[] = [];
  let apiCalled = false;
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) apiCalled = true;
    else if (!apiCalled && pathname.endsWith('.js')) requested.push(pathname.slice(1));
  });
  const html = await (await page.request.get(path)).text();
  // The served document's own scripts and preloads, not the chunk names of the landing-pages block.
  const withoutBlock = html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/, '');
  const inHtml = new Set([...withoutBlock.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]));
  await page.goto(path);
  await ready(page);
  const announced = new Set(
    await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('link[rel="modulepreload"], script[src]')).map(
        (element) =>
          new URL(
            element.getAttribute('href') ?? element.getAttribute('src') ?? '',
            document.baseURI,
          ).pathname.slice(1),
      ),
    ),
  );
  await context.close();
  return { requested, inHtml, announced };
}

/**
 * Checks that the page's lazy chunks (those requested but not in index.html, at least `atLeast`)
 * each had a preload link. main.ts
 * adds the links before Angular boots, so before the router can ask for any chunk: a chunk the
 * router found by itself, level by level, has no link. (Comparing request times instead proved
 * flaky: with two browser lanes on two cores, the browser issues the 20-odd preloads over several
 * tasks, so one can start after another has already arrived.)
 */
function expectAllPreloaded(
  { requested, inHtml, announced }: Awaited<ReturnType<typeof scriptsOfFirstVisit>>,
  atLeast: number,
): void {
  const lazy = requested.filter((file) => !inHtml.has(file));
  expect(lazy.length).toBeGreaterThanOrEqual(atLeast);
  for (const file of lazy) expect(announced, file).toContain(file);
}

/** Skips the test but at desktop size: the code a page loads is the same at every size. */
function desktopOnly(testInfo: TestInfo): void {
  test.skip(serverOf(testInfo).size !== 'desktop', 'the code loaded is the same at every size');
}

test.describe('landing pages load their code in one wave', () => {
  test('the login page asks for its lazy chunks up front', async ({ browser }, testInfo) => {
    desktopOnly(testInfo);
    const visit = await scriptsOfFirstVisit(
      browser,
      String(testInfo.project.use.baseURL),
      '/auth/login',
      undefined,
      (page) => expect(page.getByRole('button', { name: 'Log in' })).toBeVisible(),
    );
    // Each was announced by main.ts as soon as it ran, not discovered level by level.
    expectAllPreloaded(visit, 2);
  });

  test("the customer's ticket list asks for all its chunks before its first API request", async ({
    browser,
    page,
  }, testInfo) => {
    desktopOnly(testInfo);
    await logIn(page, CUSTOMER);
    await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
    const storageState = await page.context().storageState();
    const visit = await scriptsOfFirstVisit(
      browser,
      String(testInfo.project.use.baseURL),
      '/tickets',
      storageState,
      (page) => expect(page.getByTestId('ticket-row').first()).toBeVisible(),
    );
    // The route's chunk, the page's, and the shared chunks they import (three levels before this).
    expectAllPreloaded(visit, 6);
  });
});

/** Collects the page's uncaught errors and console errors (a failed hydration reports there). */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

test.describe('the prerendered login page', () => {
  test('shows its form before the app starts, keeps what is typed meanwhile, then logs in', async ({
    page,
  }) => {
    const errors = pageErrors(page);
    // The app's code is held back until the form has been filled in, as on a slow phone.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/main-[A-Z0-9]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const documents: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents.push(request.url());
    });
    await page.goto('/auth/login', { waitUntil: 'commit' });
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
    const email = page.getByRole('textbox', { name: 'E-mail' });
    const password = page.getByLabel('Password');
    const submit = page.getByRole('button', { name: 'Log in' });
    await expect(submit).toBeDisabled();
    // Labels are drawn above the fields, out of the way of what is typed before the app runs.
    for (const label of await page.locator('hd-login .mdc-floating-label').all())
      await expect(label).toHaveClass(/mdc-floating-label--float-above/);
    await email.fill(CUSTOMER.email);
    await password.fill(CUSTOMER.password);
    // Enter before the app runs neither submits nor reloads the page (no second document request).
    await password.press('Enter');

    release();
    await expect(submit).toBeEnabled();
    await expect(email).toHaveValue(CUSTOMER.email);
    await expect(password).toHaveValue(CUSTOMER.password);
    expect(documents).toHaveLength(1);
    await submit.click();
    await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("with a session, goes to the visitor's own page, drawn once", async ({ page }) => {
    await logIn(page, CUSTOMER);
    await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
    const errors = pageErrors(page);
    // The prerendered page was drawn logged out: the app draws afresh instead of taking it over.
    await page.goto('/auth/login');
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
    await expect(page.locator('hd-login')).toHaveCount(0);
    await expect(page.locator('mat-toolbar')).toHaveCount(1);
    expect(errors).toEqual([]);
  });
});
