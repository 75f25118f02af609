import { expect, test } from '@playwright/test';

import { resetLinkFromMail } from './mail';
import { ADMIN, apiToken, checkPage, CUSTOMER, logIn, newSession } from './support';

test('an admin invites an agent without a password; the agent sets one from the e-mail, logs in and takes a ticket', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const agentEmail = `nia.${run}@example.com`;
  const agentPassword = 'copper kettle lantern 77';
  const subject = `Printer is smoking (${run})`;

  // A customer's ticket for the new agent to take.
  const customerToken = await apiToken(request, CUSTOMER);
  const created = await request.post('/api/tickets', {
    headers: { authorization: `Bearer ${customerToken}` },
    data: { subject, description: 'Grey smoke from the back.' },
  });
  expect(created.ok()).toBe(true);
  const { number } = (await created.json()) as { number: string };

  // The admin reaches the admin area from the user menu and adds an agent without a password.
  const admin = await newSession(browser, testInfo);
  const a = admin.page;
  await logIn(a, ADMIN);
  await a.getByTestId('user-menu').click();
  await a.getByRole('menuitem', { name: 'Admin' }).click();
  await expect(a).toHaveURL(/\/admin\/users$/);
  await expect(a.getByTestId('user-row').first()).toBeVisible();
  await checkPage(a, testInfo, 'admin-users');
  await a.getByRole('button', { name: 'Add user' }).click();
  const dialog = a.getByRole('dialog', { name: 'Add a user' });
  await dialog.getByLabel('First name').fill('Nia');
  await dialog.getByLabel('Last name').fill('Newton');
  await dialog.getByLabel('E-mail').fill(agentEmail);
  await expect(dialog.getByRole('combobox', { name: 'Role' })).toContainText('Agent');
  await checkPage(a, testInfo, 'admin-add-user');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(a.getByText(`Invitation sent to ${agentEmail}.`)).toBeVisible();
  await expect(dialog).toBeHidden();
  await a.getByLabel('Search users').fill(run);
  await expect(a.getByTestId('user-row')).toHaveCount(1);
  await expect(a.getByTestId('user-row')).toContainText('Nia Newton');

  // The audit log has it; the categories page lists the categories.
  await a.getByRole('link', { name: 'Audit log' }).click();
  await expect(a.getByTestId('audit-row').first()).toContainText('User created');
  await checkPage(a, testInfo, 'admin-audit');
  await a.getByRole('link', { name: 'Categories' }).click();
  await expect(a.getByTestId('category-row').first()).toBeVisible();
  await checkPage(a, testInfo, 'admin-categories');

  // The agent opens the invitation, chooses a password, logs in and takes the ticket.
  const link = await resetLinkFromMail(agentEmail, 'You are invited');
  const agent = await newSession(browser, testInfo);
  const g = agent.page;
  await g.goto(link);
  await expect(g.getByRole('heading', { name: 'Welcome! Choose your password' })).toBeVisible();
  await g.getByLabel('New password').fill(agentPassword);
  await expect(g.getByTestId('strength-label')).toHaveText(/Strength: (Strong|Very strong)/);
  await checkPage(g, testInfo, 'invitation');
  await g.getByRole('button', { name: 'Set password' }).click();
  await expect(g).toHaveURL(/\/auth\/login$/);
  await expect(g.getByText('Your password is set. Log in with it now.')).toBeVisible();
  await logIn(g, { email: agentEmail, password: agentPassword });
  await expect(g).toHaveURL(/\/queue/);
  await expect(g.getByTestId('user-menu')).toContainText('Nia Newton');
  await g.getByLabel('Search').fill(number);
  const item = g
    .locator('[data-testid="queue-row"], [data-testid="queue-card"]')
    .filter({ hasText: subject });
  await expect(item).toHaveCount(1);
  await item.getByRole('button', { name: /Assign .*to me/ }).click();
  await expect(g.getByText(/assigned to you/)).toBeVisible();
  await expect(item).toContainText('Nia Newton');

  // Deactivating the agent says how many open tickets they hold.
  await a.getByRole('link', { name: 'Users' }).click();
  await a.getByLabel('Search users').fill(run);
  await expect(a.getByTestId('user-row')).toHaveCount(1);
  await a.getByRole('button', { name: 'Deactivate Nia Newton' }).click();
  const confirm = a.getByRole('dialog', { name: 'Deactivate Nia Newton?' });
  await expect(confirm).toContainText('They hold 1 open ticket, which stays assigned to them');
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await expect(a.getByText('Nia Newton is deactivated.')).toBeVisible();
  await expect(a.getByTestId('user-row')).toContainText('Deactivated');

  await Promise.all([admin.context.close(), agent.context.close()]);
});
