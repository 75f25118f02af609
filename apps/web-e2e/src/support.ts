import AxeBuilder from '@axe-core/playwright';
import axe from 'axe-core';
import {
  APIRequestContext,
  Browser,
  BrowserContext,
  expect,
  Locator,
  Page,
  TestInfo,
} from '@playwright/test';

/** A seeded account (see the API's seed data). */
export interface Account {
  email: string;
  password: string;
}

/** The seeded agent. */
export const AGENT: Account = { email: 'agent@example.com', password: 'agent123' };
/** The seeded admin. */
export const ADMIN: Account = { email: 'admin@example.com', password: 'admin123' };
/** The seeded customer who owns the seeded tickets. */
export const CUSTOMER: Account = { email: 'customer@example.com', password: 'customer123' };
/** A seeded customer who does not own the test's ticket. */
export const OTHER_CUSTOMER: Account = { email: 'customer2@example.com', password: 'customer123' };

/** Opens a fresh browser context (its own session) with the project's viewport. */
export async function newSession(
  browser: Browser,
  testInfo: TestInfo,
): Promise<{ context: BrowserContext; page: Page }> {
  const { viewport, isMobile, hasTouch, reducedMotion } = testInfo.project.use;
  const context = await browser.newContext({
    viewport,
    isMobile,
    hasTouch,
    reducedMotion,
    baseURL: testInfo.project.use.baseURL,
  });
  return { context, page: await context.newPage() };
}

/**
 * Logs in through the login form and waits for the landing page: up to 30 s, since that includes
 * loading the landing page's code (three waves of chunks, 5 s and more on a slow, busy machine).
 */
export async function logIn(page: Page, account: Account): Promise<void> {
  await page.goto('/auth/login');
  await page.getByLabel('E-mail').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/auth\/login/, { timeout: 30_000 });
}

/**
 * Every rule axe-core knows, the experimental ones included (`label-content-name-mismatch`, for
 * one, is experimental and so off by default), not only the WCAG-tagged ones.
 */
const EVERY_AXE_RULE = axe.getRules().map((rule) => rule.ruleId);

/**
 * Checks what every main page must satisfy, then keeps a screenshot of it as a test artifact:
 * no horizontal scrolling at this viewport and no axe-core violation of any rule or impact. Menus,
 * selects and autocompletes open in Material's overlay container at the end of `<body>`, outside
 * the toolbar or `<main>` whose control opened them: the `region` rule (content outside landmarks)
 * runs on the page without that container, every other rule on everything.
 */
export async function checkPage(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Let Material's ripples and the snackbar's entry animation settle before measuring.
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name}: horizontal scroll of ${overflow}px`).toBeLessThanOrEqual(0);

  // One pass with every rule; a `region` finding inside the overlay container is not one (see above).
  // Only violations are collected in full (axe's `resultTypes`): the passes and incomplete checks
  // it would otherwise list node by node cost a third of its time and are never read here.
  const { violations } = await new AxeBuilder({ page })
    .withRules(EVERY_AXE_RULE)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const found: typeof violations = [];
  for (const violation of violations) {
    const nodes = [];
    for (const node of violation.nodes) {
      const inOverlay =
        violation.id === 'region' &&
        (await page.evaluate(
          (selector) => document.querySelector(selector)?.closest('.cdk-overlay-container') != null,
          node.target.join(' '),
        ));
      if (!inOverlay) nodes.push(node);
    }
    if (nodes.length) found.push({ ...violation, nodes });
  }
  const severe = found.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  if (process.env['AXE_REPORT']) {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(
      process.env['AXE_REPORT'],
      JSON.stringify({ name, project: testInfo.project.name, severe }) + '\n',
    );
  } else {
    expect(severe, `${name}: axe violations`).toEqual([]);
  }

  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Picks an option of the Material select labelled `label`. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The status chip of the ticket page. */
export function ticketStatus(page: Page): Locator {
  return page.locator('.status-panel [data-testid="status-chip"]');
}

/** Logs in through the API and returns the access token. */
export async function apiToken(request: APIRequestContext, account: Account): Promise<string> {
  const response = await request.post('/api/auth/login', { data: account });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
