import { APIRequestContext, expect, test } from '@playwright/test';

import { ADMIN, AGENT, apiToken, checkPage, CUSTOMER, logIn, newSession } from './support';

/** The second seeded agent, who steps away for the test so that the first one gets the ticket. */
const AGENT2 = { email: 'agent2@example.com', password: 'agent123' };

/** `PATCH` as `account` through the API. */
async function patchAs(
  request: APIRequestContext,
  account: { email: string; password: string },
  path: string,
  data: object,
): Promise<void> {
  const token = await apiToken(request, account);
  const response = await request.patch(path, { headers: { authorization: `Bearer ${token}` }, data });
  expect(response.ok()).toBe(true);
}

test('an admin turns round robin on, a new customer ticket arrives assigned in the agent’s queue, and the agent steps away', async ({
  browser,
  request,
}, testInfo) => {
  const subject = `Scanner jams (${testInfo.project.name}-${Date.now()})`;
  await patchAs(request, AGENT2, '/api/users/me', { available: false });
  try {
    // The admin chooses round robin on the Automation page.
    const admin = await newSession(browser, testInfo);
    const a = admin.page;
    await logIn(a, ADMIN);
    await a.goto('/admin/automation');
    await a.getByRole('radio', { name: /Round robin/ }).check();
    await a.getByRole('button', { name: 'Save' }).click();
    await expect(a.getByText('Automation settings saved.')).toBeVisible();
    await checkPage(a, testInfo, 'admin-automation');

    // A customer's new ticket goes to the only available agent.
    const customerToken = await apiToken(request, CUSTOMER);
    const created = await request.post('/api/tickets', {
      headers: { authorization: `Bearer ${customerToken}` },
      data: { subject, description: 'Every page jams halfway.' },
    });
    expect(created.ok()).toBe(true);
    const ticket = (await created.json()) as { number: string; status: string };
    expect(ticket.status).toBe('in_progress');

    const agent = await newSession(browser, testInfo);
    const g = agent.page;
    await logIn(g, AGENT);
    await g.getByLabel('Search').fill(ticket.number);
    const item = g
      .locator('[data-testid="queue-row"], [data-testid="queue-card"]')
      .filter({ hasText: subject });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Alex Agent');

    // The agent steps away from the account menu.
    await g.getByTestId('user-menu').click();
    const toggle = g.getByRole('menuitemcheckbox', { name: 'Available for new tickets' });
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await toggle.click();
    await expect(g.getByText('You are away: no new tickets will be assigned to you.')).toBeVisible();
    await g.getByTestId('user-menu').click();
    await expect(g.getByRole('menuitemcheckbox', { name: 'Away: no new tickets' })).toHaveAttribute(
      'aria-checked',
      'false',
    );

    await Promise.all([admin.context.close(), agent.context.close()]);
  } finally {
    await patchAs(request, ADMIN, '/api/settings', { assignment: { mode: 'manual' } });
    await patchAs(request, AGENT, '/api/users/me', { available: true });
    await patchAs(request, AGENT2, '/api/users/me', { available: true });
  }
});
