import { expect, Page, test } from '@playwright/test';

import { serverOf } from './e2e-env';
import { checkPage, logIn } from './support';

const CUSTOMER = { email: 'customer@example.com', password: 'customer123' };

interface StoredSession {
  accessToken: string;
  refreshToken: string;
}

async function readSession(page: Page): Promise<StoredSession> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('hd.session') ?? 'null'));
}

async function tamperSession(page: Page, change: Partial<StoredSession>): Promise<void> {
  await page.evaluate((c) => {
    const session = JSON.parse(localStorage.getItem('hd.session') ?? '{}');
    localStorage.setItem('hd.session', JSON.stringify({ ...session, ...c }));
  }, change);
}

test('an expired access token is refreshed once and the page loads as usual', async ({ page }) => {
  await logIn(page, CUSTOMER);
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
  const before = await readSession(page);
  await tamperSession(page, { accessToken: 'expired.or.forged' });

  await page.reload();
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  const after = await readSession(page);
  expect(after.accessToken).not.toBe('expired.or.forged');
  expect(after.refreshToken).not.toBe(before.refreshToken);
});

test('when the session cannot be refreshed, the user logs in again and returns to the page they wanted', async ({
  page,
}, testInfo) => {
  await logIn(page, CUSTOMER);
  await page.getByTestId('ticket-row').first().click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  const ticketPath = new URL(page.url()).pathname;
  await tamperSession(page, { accessToken: 'expired', refreshToken: 'revoked' });

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/auth/login\\?returnUrl=${encodeURIComponent(ticketPath)}`));
  await expect(page.getByText('Your session has ended. Please log in again.')).toBeVisible();
  await checkPage(page, testInfo, 'login-session-ended');
  await page.getByLabel('E-mail').fill(CUSTOMER.email);
  await page.getByLabel('Password').fill(CUSTOMER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(new RegExp(`${ticketPath}$`));
  await expect(page.getByTestId('ticket-subject')).toBeVisible();
});

test('logout from the user menu revokes the refresh token and protects the pages again', async ({
  page,
  request,
}, testInfo) => {
  await logIn(page, CUSTOMER);
  const { refreshToken } = await readSession(page);
  // The button is named by what it shows (name and role), with what it is for in front.
  await page.getByRole('button', { name: /^Account menu: .*Customer/ }).click();
  await expect(page.getByRole('menu')).toContainText('customer@example.com');
  await checkPage(page, testInfo, 'user-menu-open');
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  await expect(page.getByText('You are logged out.')).toBeVisible();

  const refresh = await request.post('/api/auth/refresh', { data: { refreshToken } });
  expect(refresh.status()).toBe(401);
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/auth\/login\?returnUrl=%2Ftickets$/);
});

test('on narrow screens the navigation lives in a side drawer', async ({ page }, testInfo) => {
  test.skip(serverOf(testInfo).size === 'desktop', 'the desktop toolbar shows the links itself');
  await logIn(page, CUSTOMER);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New ticket' }),
  ).toBeHidden();
  await page.getByRole('button', { name: 'Open navigation' }).click();
  const drawerLink = page.locator('mat-sidenav').getByRole('link', { name: 'New ticket' });
  await expect(drawerLink).toBeVisible();
  await checkPage(page, testInfo, 'drawer-open');
  await drawerLink.click();
  await expect(page).toHaveURL(/\/tickets\/new$/);
  await expect(drawerLink).toBeHidden();
});

test('works from the keyboard: skip link, login form, user menu', async ({ page }) => {
  await page.goto('/auth/login');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await page.getByLabel('E-mail').focus();
  await page.keyboard.type(CUSTOMER.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(CUSTOMER.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();

  await page.getByTestId('user-menu').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Log out' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/auth\/login$/);
});
