import { expect, test } from '@playwright/test';

import { AGENT, apiToken, checkPage, logIn, newSession } from './support';

test('an agent writes a canned response, inserts it in a reply with / and sends it with the placeholders filled', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const customer = { email: `robin.${run}@example.com`, password: 'violet tuba marmalade 42' };
  const registered = await request.post('/api/auth/register', {
    data: { firstName: 'Robin', lastName: 'Caller', ...customer },
  });
  expect(registered.ok()).toBe(true);
  const token = await apiToken(request, customer);
  const opened = await request.post('/api/tickets', {
    headers: { Authorization: `Bearer ${token}` },
    data: { subject: `Invoice missing (${run})`, description: 'The PDF never arrived.' },
  });
  expect(opened.ok()).toBe(true);
  const ticketNumber = ((await opened.json()) as { number: string }).number;

  // The agent writes a personal canned response on its page.
  const agent = await newSession(browser, testInfo);
  const a = agent.page;
  await logIn(a, AGENT);
  await a.goto('/settings/canned-responses');
  await a.getByRole('button', { name: 'Add canned response' }).click();
  const dialog = a.getByRole('dialog');
  const title = `Invoice resent ${run}`;
  // The dialog focuses its first field once open; filling before that could lose keys to it.
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await dialog.getByLabel('Title').fill(title);
  await dialog
    .getByLabel('Text')
    .fill('Hi {{customer.firstName}}, I have resent the invoice for {{ticket.number}}.\n{{agent.firstName}}');
  await checkPage(a, testInfo, 'canned-response-dialog');
  await dialog.getByRole('button', { name: 'Add canned response' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(
    a.getByRole('list', { name: 'Your canned responses' }).getByTestId('canned-response-title'),
  ).toContainText([title]);
  await checkPage(a, testInfo, 'canned-responses');

  // On the ticket, a / at the start of the reply opens the picker; what follows filters it.
  await a.goto(`/tickets/${ticketNumber}`);
  const reply = a.getByLabel('Your reply');
  await reply.click();
  await a.keyboard.type('/invoice resent');
  const search = a.getByRole('combobox', { name: 'Search canned responses' });
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('invoice resent');
  await expect(reply).toHaveValue('');
  const option = a.getByRole('option', { name: new RegExp(title) });
  await expect(option).toBeVisible();
  await checkPage(a, testInfo, 'canned-response-picker');
  await option.click();

  const filled = `Hi Robin, I have resent the invoice for ${ticketNumber}.\nAlex`;
  await expect(reply).toHaveValue(filled);
  await expect(reply).toBeFocused();
  await expect(search).toHaveCount(0);

  // The button opens it too; Escape goes back to the reply, unchanged.
  await a.getByRole('button', { name: 'Insert canned response' }).click();
  await expect(search).toBeFocused();
  await a.keyboard.press('Escape');
  await expect(search).toHaveCount(0);
  await expect(reply).toHaveValue(filled);

  await a.getByRole('button', { name: 'Send reply' }).click();
  const sent = a.getByTestId('reply').filter({ hasText: 'I have resent the invoice' });
  await expect(sent).toContainText(`Hi Robin, I have resent the invoice for ${ticketNumber}.`);
  await expect(sent).toContainText('Alex');
  await expect(sent).not.toContainText('{{');
  await expect(reply).toHaveValue('');

  await agent.context.close();
});
