import { expect, test } from '@playwright/test';

import { ADMIN, AGENT, apiToken, checkPage, CUSTOMER, logIn, newSession } from './support';

test('a fresh urgent ticket shows staff "due in 2 h", amber when at risk and red once breached; its customer sees no SLA', async ({
  browser,
  request,
}, testInfo) => {
  const subject = `Checkout down (${testInfo.project.name}-${Date.now()})`;
  const token = await apiToken(request, CUSTOMER);
  const created = await request.post('/api/tickets', {
    headers: { authorization: `Bearer ${token}` },
    data: { subject, description: 'Nobody can pay.', priority: 'urgent' },
  });
  expect(created.ok()).toBe(true);
  const ticket = (await created.json()) as { id: number; number: string };

  // The agent's browser keeps its own clock, which the test moves on (the chips count down in the browser).
  const agent = await newSession(browser, testInfo);
  const g = agent.page;
  await g.clock.install();
  await logIn(g, AGENT);
  await g.getByLabel('Search').fill(ticket.number);
  const item = g
    .locator('[data-testid="queue-row"], [data-testid="queue-card"]')
    .filter({ hasText: subject });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('sla-chip')).toHaveText('First response SLA: Due in 2 h');

  await item.getByRole('link').first().click();
  await expect(g.getByTestId('ticket-number')).toHaveText(ticket.number);
  const chip = g.locator('.status-panel').getByTestId('sla-chip');
  await expect(chip).toContainText('Due in 2 h');
  await expect(chip).toHaveAttribute('data-sla', 'on_track');
  const panel = g.getByTestId('sla-panel');
  await expect(panel.getByTestId('sla-first_response')).toContainText('Due in 2 h');
  await expect(panel.getByTestId('sla-resolution')).toContainText('Due in 1 d');
  await checkPage(g, testInfo, 'ticket-sla');

  // 80 % of the 2 hours: at risk, in amber and in words.
  await g.clock.fastForward('01:40:00');
  await expect(chip).toContainText('At risk: due in 20 min');
  await expect(chip).toHaveAttribute('data-sla', 'at_risk');
  await expect(chip).toHaveCSS('background-color', 'rgb(255, 223, 153)');

  // Past the due time: breached, in red and in words.
  await g.clock.fastForward('00:35:00');
  await expect(chip).toContainText('Breached 15 min ago');
  await expect(chip).toHaveAttribute('data-sla', 'breached');
  await expect(chip).toHaveCSS('background-color', 'rgb(255, 218, 214)');
  await expect(panel.getByTestId('sla-first_response')).toContainText('Breached 15 min ago');
  await agent.context.close();

  // The customer's page shows no SLA.
  const customer = await newSession(browser, testInfo);
  const c = customer.page;
  await logIn(c, CUSTOMER);
  await c.goto(`/tickets/${ticket.id}`);
  await expect(c.getByTestId('ticket-number')).toHaveText(ticket.number);
  await expect(c.getByTestId('sla-chip')).toHaveCount(0);
  await expect(c.getByTestId('sla-panel')).toHaveCount(0);
  await customer.context.close();
});

test('an admin sees the SLA targets and business hours on the Service levels page', async ({
  browser,
}, testInfo) => {
  const admin = await newSession(browser, testInfo);
  const a = admin.page;
  await logIn(a, ADMIN);
  await a.goto('/admin/sla');
  await expect(a.getByRole('heading', { name: 'Targets per priority' })).toBeVisible();
  await expect(a.getByLabel('Urgent: first response (minutes)')).toHaveValue('120');
  await expect(a.getByLabel('Low: resolution (minutes)')).toHaveValue('14400');
  await expect(a.getByLabel('Monday')).toHaveValue('09:00-17:00');
  await expect(a.getByLabel(/At risk from/)).toHaveValue('80');
  await checkPage(a, testInfo, 'admin-sla');
  await admin.context.close();
});
