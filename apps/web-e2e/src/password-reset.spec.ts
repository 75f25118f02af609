import { expect, test } from '@playwright/test';

import { resetLinkFromMail } from './mail';
import { checkPage, logIn, newSession } from './support';

test('a customer who forgot the password sets a new one through the e-mailed link, which works once', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const email = `pat.${run}@example.com`;
  const newPassword = 'amber falcon orchard 31';
  const registered = await request.post('/api/auth/register', {
    data: { firstName: 'Pat', lastName: 'Forgetful', email, password: 'violet tuba marmalade 42' },
  });
  expect(registered.ok()).toBe(true);

  const { context, page } = await newSession(browser, testInfo);
  await page.goto('/auth/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/auth\/forgot/);
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await checkPage(page, testInfo, 'forgot-password');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByTestId('reset-requested')).toContainText(`If an account uses ${email}`);

  const link = await resetLinkFromMail(email, 'Reset your helpdesk password');
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await page.getByLabel('New password').fill('password1');
  await page.getByLabel('New password').blur();
  await expect(page.getByText(/Password is too easy to guess/)).toBeVisible();
  await page.getByLabel('New password').fill(newPassword);
  await expect(page.getByTestId('strength-label')).toHaveText(/Strength: (Strong|Very strong)/);
  await checkPage(page, testInfo, 'reset-password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page).toHaveURL(/\/auth\/login$/);
  await logIn(page, { email, password: newPassword });
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();

  // The link works once: used again, it says so and offers to ask for a new one.
  const other = await newSession(browser, testInfo);
  await other.page.goto(link);
  await other.page.getByLabel('New password').fill('silver badger meadow 58');
  await other.page.getByRole('button', { name: 'Set password' }).click();
  await expect(other.page.getByTestId('link-problem')).toContainText(
    'This link has expired or has already been used',
  );
  await checkPage(other.page, testInfo, 'reset-link-used');
  await other.page.getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(other.page).toHaveURL(/\/auth\/forgot$/);

  await Promise.all([context.close(), other.context.close()]);
});
