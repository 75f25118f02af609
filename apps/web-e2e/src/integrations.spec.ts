import { expect, test } from '@playwright/test';

import { ADMIN, checkPage, logIn, newSession } from './support';

test('an admin creates an API token and sees it once, then adds a webhook and sees it listed', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const tokenName = `CRM sync ${run}`;
  const hookUrl = `https://hooks.example.com/helpdesk/${run}`;

  const admin = await newSession(browser, testInfo);
  const a = admin.page;
  await logIn(a, ADMIN);

  // Settings: create a token; its value shows once, with a copy button and a warning.
  await a.getByTestId('user-menu').click();
  await a.getByRole('menuitem', { name: 'Settings' }).click();
  await expect(a).toHaveURL(/\/settings$/);
  await a.getByRole('button', { name: 'Create token' }).click();
  const create = a.getByRole('dialog', { name: 'Create an API token' });
  await expect(create.getByLabel('Name')).toBeFocused();
  await create.getByLabel('Name').fill(tokenName);
  await expect(create.getByRole('checkbox', { name: /Read tickets/ })).toBeChecked();
  await checkPage(a, testInfo, 'api-token-create');
  await create.getByRole('button', { name: 'Create token' }).click();

  const shown = a.getByRole('dialog', { name: `Token “${tokenName}” created` });
  await expect(shown).toContainText('Copy it now: it will not be shown again.');
  const field = shown.getByLabel('Your new token');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(/^hd_[A-Za-z0-9_-]{43}$/);
  const token = await field.inputValue();
  await shown.getByRole('button', { name: 'Copy' }).click();
  await expect(shown.getByRole('status')).toHaveText(/Copied to the clipboard\.|Could not copy/);
  await checkPage(a, testInfo, 'api-token-created');
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();

  // Listed by name and prefix, never by value; and the value works as a bearer token.
  const listed = a.getByTestId('api-token').filter({ hasText: tokenName });
  await expect(listed).toContainText(token.slice(0, 10));
  await expect(listed).toContainText('Read tickets');
  await expect(a.locator('body')).not.toContainText(token);
  await checkPage(a, testInfo, 'settings-api-tokens');
  const withToken = await request.get('/api/tickets', { headers: { authorization: `Bearer ${token}` } });
  expect(withToken.status()).toBe(200);

  // Admin > Webhooks: a private address is refused next to the URL.
  await a.getByTestId('user-menu').click();
  await a.getByRole('menuitem', { name: 'Admin' }).click();
  await a.getByRole('link', { name: 'Webhooks' }).click();
  await expect(a).toHaveURL(/\/admin\/webhooks$/);
  await a.getByRole('button', { name: 'Add webhook' }).click();
  const add = a.getByRole('dialog', { name: 'Add a webhook' });
  await add.getByLabel('URL').fill('http://10.0.0.5/hook');
  await add.getByRole('checkbox', { name: /Ticket created/ }).check();
  await add.getByRole('button', { name: 'Add webhook' }).click();
  await expect(add.getByText('must reach a public address')).toBeVisible();

  // A public URL is accepted (nothing is sent until an event happens); its secret shows once.
  await add.getByLabel('URL').fill(hookUrl);
  await add.getByRole('checkbox', { name: /Status changed/ }).check();
  await checkPage(a, testInfo, 'webhook-add');
  await add.getByRole('button', { name: 'Add webhook' }).click();
  const created = a.getByRole('dialog', { name: 'Webhook created' });
  const secret = created.getByLabel('Signing secret');
  await expect(secret).toBeFocused();
  await expect(secret).toHaveValue(/^whsec_/);
  await expect(created).toContainText('Copy it now: it will not be shown again.');
  await created.getByRole('button', { name: 'Done' }).click();
  await expect(a.getByText(`Webhook to ${hookUrl} added.`)).toBeVisible();

  const row = a.getByTestId('webhook-row').filter({ hasText: hookUrl });
  await expect(row).toContainText('On');
  await expect(row).toContainText('ticket.created');
  await expect(row).toContainText('ticket.status_changed');
  await checkPage(a, testInfo, 'admin-webhooks');

  // Its deliveries page, then delete it after confirming.
  await row.getByRole('link', { name: `Deliveries to ${hookUrl}` }).click();
  await expect(a.getByTestId('webhook-url')).toHaveText(hookUrl);
  await expect(a.getByText('No deliveries yet')).toBeVisible();
  await checkPage(a, testInfo, 'webhook-deliveries');
  await a.getByRole('link', { name: 'All webhooks' }).click();
  await a.getByRole('button', { name: `Delete the webhook to ${hookUrl}` }).click();
  await a
    .getByRole('dialog', { name: 'Delete this webhook?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(a.getByText(`Webhook to ${hookUrl} deleted.`)).toBeVisible();
  await expect(a.getByTestId('webhook-row').filter({ hasText: hookUrl })).toHaveCount(0);

  // Revoking the token ends it at once.
  await a.goto('/settings');
  await a.getByRole('button', { name: `Revoke ${tokenName}` }).click();
  await a
    .getByRole('dialog', { name: `Revoke “${tokenName}”?` })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(a.getByText(`Token “${tokenName}” revoked.`)).toBeVisible();
  const revoked = await request.get('/api/tickets', { headers: { authorization: `Bearer ${token}` } });
  expect(revoked.status()).toBe(401);

  await admin.context.close();
});
