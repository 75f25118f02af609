import { expect, test } from '@playwright/test';

import { AGENT, checkPage, choose, logIn, newSession } from './support';

test('a ticket has a number: on its page, in the title and the lists, at /tickets/<number>; an agent finds it by the number', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const account = { email: `kim.${run}@example.com`, password: 'violet tuba marmalade 42' };
  const subject = `Router keeps rebooting (${run})`;
  const affectedItem = `Router X200 ${run}`;
  const registered = await request.post('/api/auth/register', {
    data: { firstName: 'Kim', lastName: 'Caller', ...account },
  });
  expect(registered.ok()).toBe(true);

  // The customer opens a ticket with a category from the API, a contact number and the affected item.
  const customer = await newSession(browser, testInfo);
  const c = customer.page;
  await logIn(c, account);
  await c.goto('/tickets/new');
  await c.getByLabel('Subject').fill(subject);
  await c.getByLabel('Description').fill('Every ten minutes since the update.');
  await choose(c, 'Category', 'Technical');
  await c.getByLabel('Contact number (optional)').fill('+44 20 7183 8750');
  await c.getByLabel('Affected item (optional)').fill(affectedItem);
  await c.getByRole('button', { name: 'Open ticket' }).click();

  await expect(c.getByTestId('ticket-subject')).toHaveText(subject);
  const number = (await c.getByTestId('ticket-number').textContent())?.trim() ?? '';
  expect(number).toMatch(/^TICK-\d{8}-\d{4,}$/);
  await expect(c).toHaveTitle(`${number} · ${subject} · Helpdesk`);
  await expect(c.getByTestId('contact-number').getByRole('link')).toHaveAttribute(
    'href',
    'tel:+442071838750',
  );
  await expect(c.getByTestId('affected-item')).toHaveText(affectedItem);
  await expect(c.getByTestId('category')).toHaveText('Technical');
  await expect(c.getByTestId('activity').first()).toContainText('Kim Caller opened the ticket');
  await checkPage(c, testInfo, 'ticket-with-number');

  await c.goto('/tickets');
  await expect(c.getByTestId('ticket-row').filter({ hasText: subject })).toContainText(number);

  // The address in the e-mails: the ticket by its number.
  await c.goto(`/tickets/${number.toLowerCase()}`);
  await expect(c.getByTestId('ticket-subject')).toHaveText(subject);

  // The agent searches the queue for the number, and for the affected item.
  const agent = await newSession(browser, testInfo);
  const a = agent.page;
  await logIn(a, AGENT);
  await a.getByLabel('Search').fill(number);
  const items = a.locator('[data-testid="queue-row"], [data-testid="queue-card"]');
  await expect(items).toHaveCount(1);
  await expect(items).toContainText(subject);
  await expect(items).toContainText(number);
  await checkPage(a, testInfo, 'queue-by-number');
  await a.goto(`/queue?affectedItem=${encodeURIComponent(affectedItem)}`);
  await expect(items).toHaveCount(1);
  await expect(a.getByLabel('Affected item')).toHaveValue(affectedItem);

  // On the ticket, the agent's changes show in the activity, which can be hidden.
  await items.getByRole('link').first().click();
  await expect(a.getByTestId('ticket-number')).toHaveText(number);
  await a.getByTestId('assignee').getByRole('button', { name: 'Assign to me' }).click();
  await expect(a.getByTestId('activity').filter({ hasText: 'Alex Agent took the ticket' })).toBeVisible();
  await a.getByRole('button', { name: 'Edit contact number and affected item' }).click();
  await a.getByLabel('Contact number').fill('12');
  await a.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(a.locator('.contact-form mat-error')).toBeVisible();
  await a.getByRole('button', { name: 'Cancel' }).click();
  await a.getByTestId('activity-toggle').getByRole('switch').click();
  await expect(a.getByTestId('activity')).toHaveCount(0);
  await a.reload();
  await expect(a.getByTestId('ticket-subject')).toHaveText(subject);
  await expect(a.getByTestId('activity')).toHaveCount(0);
  await a.getByTestId('activity-toggle').getByRole('switch').click();
  await expect(a.getByTestId('activity').first()).toBeVisible();

  await Promise.all([customer.context.close(), agent.context.close()]);
});
