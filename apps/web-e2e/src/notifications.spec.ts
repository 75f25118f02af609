import { expect, Locator, Page, test } from '@playwright/test';

import { AGENT, apiToken, checkPage, logIn, newSession, ticketStatus } from './support';

/** The bell's accessible name says how many notifications are unread. */
function bell(page: Page): Locator {
  return page.getByTestId('notifications-bell');
}

/** Waits until the bell has its list and its socket is connected, so nothing live is missed. */
async function bellReady(page: Page): Promise<void> {
  await expect(bell(page)).toHaveAttribute('data-realtime', 'connected');
  await expect(bell(page)).toHaveAttribute('data-loading', 'false');
}

/** The unread count the bell announces ("Notifications, 3 unread"; "none unread" is 0). */
async function unreadCount(page: Page): Promise<number> {
  const label = (await bell(page).getAttribute('aria-label')) ?? '';
  const match = /Notifications, (\d+) unread/.exec(label);
  return match ? Number(match[1]) : 0;
}

test('customer and agent see each other’s changes live: new ticket, status, bell, notification menu and settings', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const customerAccount = { email: `noa.${run}@example.com`, password: 'violet tuba marmalade 42' };
  const subject = `Live updates please (${run})`;
  const registered = await request.post('/api/auth/register', {
    data: { name: 'Noa Notified', ...customerAccount },
  });
  expect(registered.ok()).toBe(true);

  // The agent waits in the queue with the bell loaded.
  const agent = await newSession(browser, testInfo);
  const a = agent.page;
  await logIn(a, AGENT);
  await bellReady(a);
  const agentUnread = await unreadCount(a);

  // The customer opens a ticket; the agent hears of it at once.
  const customer = await newSession(browser, testInfo);
  const c = customer.page;
  await logIn(c, customerAccount);
  await bellReady(c);
  await expect(bell(c)).toHaveAttribute('aria-label', 'Notifications, none unread');
  await c.goto('/tickets/new');
  await c.getByLabel('Subject').fill(subject);
  await c.getByLabel('Description').fill('Nobody tells me when my ticket moves.');
  await c.getByRole('button', { name: 'Open ticket' }).click();
  await expect(c).toHaveURL(/\/tickets\/\d+$/);
  const ticketPath = new URL(c.url()).pathname;
  await expect(ticketStatus(c)).toHaveText('Open');

  const escaped = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The snackbar names the ticket by its number.
  await expect(a.getByText(new RegExp(`New ticket TICK-\\d{8}-\\d{4}: ${escaped}`))).toBeVisible();
  await expect(bell(a)).toHaveAttribute('aria-label', `Notifications, ${agentUnread + 1} unread`);
  await bell(a).click();
  const agentItem = a.getByTestId('notification-item').filter({ hasText: subject }).first();
  await expect(agentItem).toBeVisible();
  await checkPage(a, testInfo, 'notifications-menu-agent');
  await agentItem.click();
  await expect(a).toHaveURL(new RegExp(`${ticketPath}$`));
  await expect(a.getByTestId('ticket-subject')).toHaveText(subject);
  await expect(bell(a)).toHaveAttribute(
    'aria-label',
    agentUnread === 0 ? 'Notifications, none unread' : `Notifications, ${agentUnread} unread`,
  );

  // The agent takes it and asks for information; the customer's open page follows without a reload.
  await c.evaluate(() => ((window as unknown as { hdNoReload: boolean }).hdNoReload = true));
  await a.getByRole('button', { name: /Assign to me/ }).click();
  await expect(ticketStatus(a)).toHaveText('In progress');
  await expect(ticketStatus(c)).toHaveText('In progress');
  await a.getByLabel('Your reply').fill('Which browser do you use?');
  await a.getByRole('button', { name: 'Send reply' }).click();
  await expect(c.getByTestId('reply').filter({ hasText: 'Which browser do you use?' })).toBeVisible();
  await a.getByRole('button', { name: 'Ask customer for info' }).click();
  await expect(ticketStatus(c)).toHaveText('Waiting on customer');
  await expect(c.getByTestId('status-explanation')).toContainText('We need more information from you');
  await expect(bell(c)).not.toHaveAttribute('aria-label', 'Notifications, none unread');
  await expect
    .poll(() => unreadCount(c), { message: 'assigned, replied and status notifications' })
    .toBeGreaterThanOrEqual(3);
  expect(await c.evaluate(() => (window as unknown as { hdNoReload?: boolean }).hdNoReload)).toBe(true);

  // The customer opens the newest notification from the bell: the ticket, one fewer unread.
  const customerUnread = await unreadCount(c);
  await c.goto('/tickets');
  await bellReady(c);
  await bell(c).click();
  const statusItem = c.getByTestId('notification-item').filter({ hasText: /is now Waiting on customer/ });
  await expect(statusItem).toBeVisible();
  await expect(statusItem).toHaveClass(/unread/);
  await checkPage(c, testInfo, 'notifications-menu-customer');
  await statusItem.click();
  await expect(c).toHaveURL(new RegExp(`${ticketPath}$`));
  await expect(ticketStatus(c)).toHaveText('Waiting on customer');
  await expect(bell(c)).toHaveAttribute('aria-label', `Notifications, ${customerUnread - 1} unread`);

  // Mark all read empties the count.
  await bell(c).click();
  await c.getByTestId('mark-all-read').click();
  await expect(c.getByText(/notifications? marked read/)).toBeVisible();
  await expect(bell(c)).toHaveAttribute('aria-label', 'Notifications, none unread');

  // Settings: the e-mail switch persists.
  await c.getByTestId('user-menu').click();
  await c.getByTestId('settings-link').click();
  await expect(c).toHaveURL(/\/settings$/);
  const toggle = c.getByRole('switch', { name: 'E-mail notifications' });
  await expect(toggle).toBeChecked();
  await checkPage(c, testInfo, 'settings');
  await toggle.click();
  await expect(c.getByText('E-mail notifications turned off.')).toBeVisible();
  await expect(toggle).not.toBeChecked();
  const token = await apiToken(request, customerAccount);
  const preferences = await request.get('/api/users/me/preferences', {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(await preferences.json()).toEqual({ emailNotifications: false });
  await c.reload();
  await expect(c.getByRole('switch', { name: 'E-mail notifications' })).not.toBeChecked();

  await Promise.all([customer.context.close(), agent.context.close()]);
});

test('after a network drop the socket reconnects, and the open ticket and the bell catch up with what they missed', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const customerAccount = { email: `oda.${run}@example.com`, password: 'violet tuba marmalade 42' };
  expect(
    (await request.post('/api/auth/register', { data: { name: 'Oda Offline', ...customerAccount } })).ok(),
  ).toBe(true);
  const customerToken = await apiToken(request, customerAccount);
  const created = await request.post('/api/tickets', {
    headers: { Authorization: `Bearer ${customerToken}` },
    data: { subject: `Flaky Wi-Fi (${run})`, description: 'My connection keeps dropping.' },
  });
  expect(created.ok()).toBe(true);
  const ticketId = ((await created.json()) as { id: number }).id;

  // The customer's WebSockets go through a switch the test can flip: "offline" closes them and refuses new ones.
  const customer = await newSession(browser, testInfo);
  const c = customer.page;
  let offline = false;
  const open = new Set<{ close: () => Promise<void> }>();
  await c.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (offline) {
      // Refused like a dead network: nothing passes either way and the server side closes at once
      // (closing a mocked socket from the route is not seen by the page, which would wait 20 s).
      const server = ws.connectToServer();
      ws.onMessage(() => undefined);
      server.onMessage(() => undefined);
      void server.close();
      return;
    }
    ws.connectToServer();
    open.add(ws);
  });
  await logIn(c, customerAccount);
  await c.goto(`/tickets/${ticketId}`);
  await bellReady(c);
  await expect(ticketStatus(c)).toHaveText('Open');

  offline = true;
  await Promise.all([...open].map((ws) => ws.close()));
  await expect(bell(c)).toHaveAttribute('data-realtime', 'connecting');

  // While the customer is offline, the agent takes the ticket (assigned + in progress notifications).
  const agentToken = await apiToken(request, AGENT);
  const assigned = await request.post(`/api/tickets/${ticketId}/assign`, {
    headers: { Authorization: `Bearer ${agentToken}` },
    data: {},
  });
  expect(assigned.ok()).toBe(true);
  // Long enough for socket.io to try (and fail) to reconnect at least once.
  await c.waitForTimeout(2500);
  await expect(ticketStatus(c)).toHaveText('Open');
  await expect(bell(c)).toHaveAttribute('aria-label', 'Notifications, none unread');

  // Back online: socket.io reconnects by itself, then the page and the bell re-fetch.
  offline = false;
  // At worst an attempt that hung when the network went away must time out (10 s), then back off (up to 5 s).
  await expect(bell(c)).toHaveAttribute('data-realtime', 'connected', { timeout: 25_000 });
  await expect(ticketStatus(c)).toHaveText('In progress');
  await expect.poll(() => unreadCount(c)).toBeGreaterThanOrEqual(1);

  await customer.context.close();
});
