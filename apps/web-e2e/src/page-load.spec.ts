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
): Promise<{
  requested: string[];
  inHtml: Set<string>;
  announced: Set<string>;
  timings: Map<string, { start: number; end: number }>;
}> {
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
  // When each script's fetch started and its response ended (ms since the navigation).
  const timings = new Map(
    (
      await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map(
            (entry) =>
              [entry.name, entry.startTime, (entry as PerformanceResourceTiming).responseEnd] as const,
          ),
      )
    ).map(([name, start, end]) => [new URL(name).pathname.slice(1), { start, end }]),
  );
  await context.close();
  return { requested, inHtml, announced, timings };
}

/**
 * Checks that the page's lazy chunks (`lazy`, at least `atLeast`) were announced and all asked for
 * in one wave: every one requested before any of them had arrived. Level by level, a chunk's
 * imports are requested only after it has arrived.
 */
function expectOneWave(
  { announced, timings }: { announced: Set<string>; timings: Map<string, { start: number; end: number }> },
  lazy: string[],
  atLeast: number,
): void {
  expect(lazy.length).toBeGreaterThanOrEqual(atLeast);
  for (const file of lazy) expect(announced, file).toContain(file);
  const loads = lazy.map((file) => timings.get(file));
  expect(loads.every(Boolean), 'a resource timing for every lazy chunk').toBe(true);
  const lastStart = Math.max(...loads.map((load) => load?.start ?? 0));
  const firstEnd = Math.min(...loads.map((load) => load?.end ?? 0));
  expect(lastStart).toBeLessThanOrEqual(firstEnd);
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
    expectOneWave(
      visit,
      visit.requested.filter((file) => !visit.inHtml.has(file)),
      2,
    );
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
    expectOneWave(
      visit,
      visit.requested.filter((file) => !visit.inHtml.has(file)),
      6,
    );
  });
});
