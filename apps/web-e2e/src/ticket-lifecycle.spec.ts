import { expect, test } from '@playwright/test';

import { AGENT, checkPage, choose, logIn, newSession, OTHER_CUSTOMER, ticketStatus } from './support';

test('a ticket goes through its whole life cycle between a customer and an agent', async ({
  browser,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const customerEmail = `robin.${run}@example.com`;
  const subject = `Invoice download fails (${run})`;
  const internalNote = `Internal: customer ${run} is on the legacy billing plan`;

  // Registration page, with the password policy shown as a strength meter.
  const customer = await newSession(browser, testInfo);
  const c = customer.page;
  await c.goto('/auth/register');
  await expect(c.getByRole('heading', { name: 'Create an account' })).toBeVisible();
  await c.getByLabel('First name').fill('Robin');
  await c.getByLabel('Last name').fill('Tester');
  await c.getByLabel('E-mail').fill(customerEmail);
  await c.getByLabel('Password', { exact: true }).fill('password1');
  await c.getByLabel('Password', { exact: true }).blur();
  await expect(c.getByText(/Password is too easy to guess/)).toBeVisible();
  await c.getByLabel('Password', { exact: true }).fill('violet tuba marmalade 42');
  await expect(c.getByTestId('strength-label')).toHaveText(/Strength: (Strong|Very strong)/);
  await checkPage(c, testInfo, 'register');
  await c.getByRole('button', { name: 'Create account' }).click();

  // My tickets: empty at first.
  await expect(c).toHaveURL(/\/tickets$/);
  await expect(c.getByRole('heading', { name: 'My tickets' })).toBeVisible();
  await expect(c.getByText('No tickets yet')).toBeVisible();
  await expect(c.getByTestId('user-menu')).toContainText('Robin Tester');
  await checkPage(c, testInfo, 'my-tickets-empty');

  // New ticket.
  await c.getByRole('link', { name: 'New ticket' }).first().click();
  await expect(c.getByRole('heading', { name: 'New ticket' })).toBeVisible();
  await c.getByRole('button', { name: 'Open ticket' }).click();
  await expect(c.getByText('Give your ticket a subject')).toBeVisible();
  await c.getByLabel('Subject').fill(subject);
  await c.getByLabel('Description').fill('The download button on the billing page does nothing.');
  await choose(c, 'Priority', 'High');
  await choose(c, 'Category', 'Billing');
  await checkPage(c, testInfo, 'new-ticket');
  await c.getByRole('button', { name: 'Open ticket' }).click();

  await expect(c).toHaveURL(/\/tickets\/\d+$/);
  const ticketUrl = new URL(c.url()).pathname;
  await expect(c.getByTestId('ticket-subject')).toHaveText(subject);
  await expect(ticketStatus(c)).toHaveText('Open');
  await expect(c.getByTestId('status-explanation')).toContainText('An agent will pick it up soon');
  await expect(c.getByTestId('assignee')).toHaveText(/Unassigned/);
  await expect(c.getByRole('button', { name: 'Close ticket' })).toBeVisible();
  await expect(c.getByRole('button', { name: 'Mark resolved' })).toHaveCount(0);
  await checkPage(c, testInfo, 'ticket-customer-open');

  // The list shows the ticket with its status, priority, assignee and age.
  await c.goto('/tickets');
  const row = c.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(row).toContainText('Open');
  await expect(row).toContainText('High');
  await expect(row).toContainText('Unassigned');
  await expect(row).toContainText(/updated (less than a minute|1 minute) ago/);
  await checkPage(c, testInfo, 'my-tickets');

  // The agent finds it in the queue and assigns it to themselves.
  const agent = await newSession(browser, testInfo);
  const a = agent.page;
  await logIn(a, AGENT);
  await expect(a).toHaveURL(/\/queue/);
  await a.getByLabel('Search').fill(run);
  await expect(a).toHaveURL(new RegExp(`q=${encodeURIComponent(run)}`));
  const queueItem = a
    .locator('[data-testid="queue-row"], [data-testid="queue-card"]')
    .filter({ hasText: subject });
  await expect(queueItem).toHaveCount(1);
  await expect(queueItem).toContainText('Unassigned');
  await checkPage(a, testInfo, 'queue');
  await queueItem.getByRole('button', { name: /Assign .*to me/ }).click();
  await expect(a.getByText(/assigned to you/)).toBeVisible();
  await expect(queueItem).toContainText('Alex');

  await queueItem.getByRole('link').first().click();
  await expect(a.getByTestId('ticket-subject')).toHaveText(subject);
  await expect(ticketStatus(a)).toHaveText('In progress');

  // An internal note, then a question for the customer.
  await a.getByTestId('internal-toggle').getByRole('switch').click();
  await a.getByRole('textbox', { name: 'Internal note for agents' }).fill(internalNote);
  await a.getByRole('button', { name: 'Add internal note' }).click();
  await expect(a.getByTestId('reply').filter({ hasText: internalNote })).toContainText('Internal note');
  await a.getByTestId('internal-toggle').getByRole('switch').click();
  await a.getByLabel('Your reply').fill('Could you tell us which browser you use?');
  await a.getByRole('button', { name: 'Send reply' }).click();
  await expect(a.getByTestId('reply').filter({ hasText: 'which browser' })).toBeVisible();
  await choose(a, 'Priority', 'Urgent');
  await expect(a.getByText('Priority set to Urgent.')).toBeVisible();
  await a.getByRole('button', { name: 'Ask customer for info' }).click();
  await expect(ticketStatus(a)).toHaveText('Waiting on customer');
  await checkPage(a, testInfo, 'ticket-agent');

  // The customer sees the question (not the note), replies, and the ticket goes back to the agent.
  await c.goto(ticketUrl);
  await expect(ticketStatus(c)).toHaveText('Waiting on customer');
  await expect(c.getByTestId('status-explanation')).toContainText('We need more information from you');
  await expect(c.locator('.details')).toContainText('Urgent');
  await expect(c.getByTestId('reply').filter({ hasText: 'which browser' })).toBeVisible();
  await expect(c.getByText(internalNote)).toHaveCount(0);
  await expect(c.getByTestId('internal-toggle')).toHaveCount(0);
  await c.getByLabel('Your reply').fill('Chromium, latest version.');
  await c.getByRole('button', { name: 'Send reply' }).click();
  await expect(ticketStatus(c)).toHaveText('In progress');
  await expect(c.getByTestId('reply').last()).toContainText('Chromium, latest version.');
  // The emptied reply box is ready for the next message, not flagged as an error.
  await expect(c.getByLabel('Your reply')).toHaveValue('');
  await expect(c.locator('mat-form-field.mat-form-field-invalid')).toHaveCount(0);

  // The agent resolves it.
  await a.reload();
  await expect(ticketStatus(a)).toHaveText('In progress');
  await a.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(ticketStatus(a)).toHaveText('Resolved');

  // The customer reopens it; the internal note never shows.
  await c.reload();
  await expect(ticketStatus(c)).toHaveText('Resolved');
  await expect(c.getByRole('button', { name: 'Close ticket' })).toBeVisible();
  await c.getByRole('button', { name: 'Reopen' }).click();
  await expect(ticketStatus(c)).toHaveText('Reopened');
  await expect(c.getByText(internalNote)).toHaveCount(0);
  await checkPage(c, testInfo, 'ticket-customer-reopened');

  // Another customer cannot open it.
  const other = await newSession(browser, testInfo);
  await logIn(other.page, OTHER_CUSTOMER);
  await other.page.goto(ticketUrl);
  await expect(other.page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(other.page.getByText(subject)).toHaveCount(0);
  await checkPage(other.page, testInfo, 'ticket-not-found');

  await Promise.all([customer.context.close(), agent.context.close(), other.context.close()]);
});

test('the login page validates inline, remembers the wanted page, and unknown pages are a friendly 404', async ({
  page,
}, testInfo) => {
  await page.goto('/queue?status=open');
  await expect(page).toHaveURL(/\/auth\/login\?returnUrl=/);
  await page.getByLabel('E-mail').fill('not-an-email');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Enter a valid e-mail address')).toBeVisible();
  await expect(page.getByText('Enter your password')).toBeVisible();
  await page.getByLabel('E-mail').fill(AGENT.email);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await checkPage(page, testInfo, 'login');
  await page.getByLabel('Password').fill(AGENT.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/queue\?status=open$/);
  await expect(page.getByRole('combobox', { name: 'Status' })).toContainText('Open');

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await checkPage(page, testInfo, 'not-found');
});

test('a customer edits an open ticket and deletes it after confirming', async ({ page }, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  await logIn(page, { email: 'customer2@example.com', password: 'customer123' });
  await page.goto('/tickets/new');
  await page.getByLabel('Subject').fill(`Typo in subjcet ${run}`);
  await page.getByLabel('Description').fill('Opened by mistake.');
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page.getByTestId('ticket-subject')).toHaveText(`Typo in subjcet ${run}`);

  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByLabel('Subject').fill(`Typo in subject ${run}`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Ticket updated.')).toBeVisible();
  await expect(page.getByTestId('ticket-subject')).toHaveText(`Typo in subject ${run}`);

  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this ticket?' });
  await expect(dialog).toBeVisible();
  await checkPage(page, testInfo, 'delete-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('ticket-subject')).toBeVisible();

  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.getByText('Ticket deleted.')).toBeVisible();
  await expect(page.getByTestId('ticket-row').filter({ hasText: run })).toHaveCount(0);
});
