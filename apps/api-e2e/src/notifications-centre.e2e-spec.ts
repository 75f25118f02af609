import request from 'supertest';

import {
  ApiServer,
  DEMO,
  Session,
  expectError,
  login,
  registerCustomer,
  startApi,
} from './support/api-server';

describe('Notifications: the notification centre and preferences (REST)', () => {
  let api: ApiServer;
  let customer: Session;
  let other: Session;
  let agent: Session;
  const ticketIds: number[] = [];
  const ticketNumbers: string[] = [];

  const list = (session: Session, query = '') =>
    request(api.url).get(`/api/notifications${query}`).set('Authorization', session.auth);

  beforeAll(async () => {
    api = await startApi({ CLOCK_CONTROL: 'true', JWT_ACCESS_TTL: '3650d' });
    customer = await registerCustomer(api.url, 'centre@example.com', 'Cleo Centre');
    other = await registerCustomer(api.url, 'other-centre@example.com');
    agent = await login(api.url, DEMO.agent);
    for (const subject of ['First', 'Second', 'Third']) {
      const res = await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject, description: 'D' });
      ticketIds.push(res.body.id);
      ticketNumbers.push(res.body.number);
      await request(api.url)
        .post(`/api/tickets/${res.body.id}/replies`)
        .set('Authorization', agent.auth)
        .send({ content: `Answer to ${subject}` });
    }
  });
  afterAll(() => api.stop());

  it("lists the caller's notifications newest first with total and unread count", async () => {
    const res = await list(customer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, unreadCount: 3, page: 1, pageSize: 20 });
    expect(res.body.items.map((n: { body: string }) => n.body)).toEqual([
      'Answer to Third',
      'Answer to Second',
      'Answer to First',
    ]);
    expect(res.body.items[0]).toEqual({
      id: expect.any(Number),
      type: 'ticket.replied',
      ticketId: ticketIds[2],
      title: `New reply from Alex Agent on ${ticketNumbers[2]}`,
      body: 'Answer to Third',
      createdAt: expect.any(String),
      read: false,
      readAt: null,
    });
    expect(
      (await list(customer, '?page=2&pageSize=2')).body.items.map((n: { body: string }) => n.body),
    ).toEqual(['Answer to First']);
    expect((await list(other)).body).toMatchObject({ items: [], total: 0, unreadCount: 0 });
  });

  /** Moves the API's clock `ms` forward and returns its new time, in ms since the epoch. */
  const advanceClock = async (ms: number): Promise<number> => {
    await request(api.url).put('/api/testing/clock').send({ advanceMs: ms }).expect(200);
    return Date.parse((await request(api.url).get('/api/testing/clock').expect(200)).body.now);
  };

  it('marks one read at the time of its clock, idempotently, and filters with unread=true', async () => {
    const [newest] = (await list(customer)).body.items;
    const now = await advanceClock(3 * 24 * 3600_000);
    const first = await request(api.url)
      .post(`/api/notifications/${newest.id}/read`)
      .set('Authorization', customer.auth);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: newest.id, read: true, readAt: expect.any(String) });
    expect(Date.parse(first.body.readAt) - now).toBeGreaterThanOrEqual(0);
    expect(Date.parse(first.body.readAt) - now).toBeLessThan(60_000);
    const again = await request(api.url)
      .post(`/api/notifications/${newest.id}/read`)
      .set('Authorization', customer.auth);
    expect(again.body.readAt).toBe(first.body.readAt);
    const unread = await list(customer, '?unread=true');
    expect(unread.body).toMatchObject({ total: 2, unreadCount: 2 });
    expect(unread.body.items.map((n: { id: number }) => n.id)).not.toContain(newest.id);
    expect((await list(customer)).body).toMatchObject({ total: 3, unreadCount: 2 });
  });

  it("answers 404 for another user's notification, an unknown id and a malformed id, and changes nothing", async () => {
    const [mine] = (await list(customer, '?unread=true')).body.items;
    expectError(
      await request(api.url).post(`/api/notifications/${mine.id}/read`).set('Authorization', other.auth),
      404,
      'NOT_FOUND',
    );
    expectError(
      await request(api.url).post('/api/notifications/999999/read').set('Authorization', customer.auth),
      404,
      'NOT_FOUND',
    );
    expectError(
      await request(api.url).post('/api/notifications/abc/read').set('Authorization', customer.auth),
      404,
      'NOT_FOUND',
    );
    expect((await list(customer)).body.unreadCount).toBe(2);
  });

  it('marks all read, at the time of its clock', async () => {
    const now = await advanceClock(24 * 3600_000);
    const res = await request(api.url)
      .post('/api/notifications/read-all')
      .set('Authorization', customer.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 2 });
    for (const { readAt } of (await list(customer)).body.items.slice(1)) {
      expect(Date.parse(readAt) - now).toBeGreaterThanOrEqual(0);
      expect(Date.parse(readAt) - now).toBeLessThan(60_000);
    }
    expect((await list(customer)).body).toMatchObject({ total: 3, unreadCount: 0 });
    expect(
      (await request(api.url).post('/api/notifications/read-all').set('Authorization', customer.auth)).body,
    ).toEqual({ updated: 0 });
  });

  it('rejects bad query values and requires a token', async () => {
    expectError(await list(customer, '?pageSize=0'), 400, 'VALIDATION_FAILED');
    expectError(await list(customer, '?unread=maybe'), 400, 'VALIDATION_FAILED');
    expectError(await request(api.url).get('/api/notifications'), 401, 'UNAUTHORIZED');
  });

  describe('preferences', () => {
    const prefs = (session: Session) =>
      request(api.url).get('/api/users/me/preferences').set('Authorization', session.auth);
    const setPrefs = (session: Session, body: unknown) =>
      request(api.url)
        .patch('/api/users/me/preferences')
        .set('Authorization', session.auth)
        .send(body as object);

    it("defaults to e-mail on, and keeps each user's own choice", async () => {
      expect((await prefs(customer)).body).toEqual({ emailNotifications: true });
      const res = await setPrefs(customer, { emailNotifications: false });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ emailNotifications: false });
      expect((await prefs(customer)).body).toEqual({ emailNotifications: false });
      expect((await prefs(other)).body).toEqual({ emailNotifications: true });
      expect((await setPrefs(customer, {})).body).toEqual({ emailNotifications: false });
    });

    it('rejects a non-boolean and unknown fields', async () => {
      expectError(await setPrefs(customer, { emailNotifications: 'no' }), 400, 'VALIDATION_FAILED');
      expectError(
        await setPrefs(customer, { emailNotifications: true, admin: true }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await request(api.url).get('/api/users/me/preferences'), 401, 'UNAUTHORIZED');
    });
  });
});
