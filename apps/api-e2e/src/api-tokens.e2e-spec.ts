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

/** Personal API tokens: created once, scoped, never more than the owner's role, revoked at once. */
describe('API tokens', () => {
  let api: ApiServer;
  let admin: Session;
  let agent: Session;
  let customer: Session;

  beforeAll(async () => {
    // Access tokens expire by the API's clock, which a test moves by a day: let them outlive it.
    api = await startApi({ CLOCK_CONTROL: 'true', JWT_ACCESS_TTL: '3650d' });
    [admin, agent, customer] = await Promise.all([
      login(api.url, DEMO.admin),
      login(api.url, DEMO.agent),
      login(api.url, DEMO.customer),
    ]);
  });
  afterAll(() => api.stop());

  const create = (session: Session, body: object): request.Test =>
    request(api.url).post('/api/users/me/api-tokens').set('Authorization', session.auth).send(body);
  const as = (token: string) => ({
    get: (path: string) => request(api.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      request(api.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      request(api.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  it('shows the token once, stores only a hash, and lists it with its prefix and last use', async () => {
    const res = await create(agent, { name: 'CRM sync', scopes: ['tickets:read'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      name: 'CRM sync',
      prefix: res.body.token.slice(0, 10),
      scopes: ['tickets:read'],
      createdAt: expect.any(String),
      expiresAt: null,
      lastUsedAt: null,
      token: expect.stringMatching(/^hd_[A-Za-z0-9_-]{43}$/),
    });
    const list = await request(api.url).get('/api/users/me/api-tokens').set('Authorization', agent.auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, lastUsedAt: null })]);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);

    expect((await as(res.body.token).get('/api/tickets')).status).toBe(200);
    const me = await as(res.body.token).get('/api/auth/me');
    expect(me.body).toMatchObject({ id: agent.id, role: 'agent' });
    const after = await request(api.url).get('/api/users/me/api-tokens').set('Authorization', agent.auth);
    expect(after.body.items[0].lastUsedAt).toEqual(expect.any(String));
    // Another user's list does not show it.
    const others = await request(api.url).get('/api/users/me/api-tokens').set('Authorization', admin.auth);
    expect(others.body.items.map((t: { id: number }) => t.id)).not.toContain(res.body.id);
  });

  it('lets a token do only what its scopes cover: 403 INSUFFICIENT_SCOPE otherwise', async () => {
    const { token } = (await create(agent, { name: 'read only', scopes: ['tickets:read'] })).body;
    const created = await as(token).post('/api/tickets', {
      subject: 'From a token',
      description: 'x',
      customerId: customer.id,
    });
    expect(expectError(created, 403, 'INSUFFICIENT_SCOPE').message).toMatch(/tickets:write/);
    expectError(await as(token).get('/api/users?role=agent'), 403, 'INSUFFICIENT_SCOPE');

    const { token: writer } = (
      await create(agent, { name: 'writer', scopes: ['tickets:read', 'tickets:write'] })
    ).body;
    const ticket = await as(writer).post('/api/tickets', {
      subject: 'Opened by an integration',
      description: 'From the CRM',
      customerId: customer.id,
    });
    expect(ticket.status).toBe(201);
    const reply = await as(writer).post(`/api/tickets/${ticket.body.id}/replies`, { content: 'Synced' });
    expect(reply.status).toBe(201);
    expect(reply.body.author.id).toBe(agent.id);
  });

  it('closes session-only routes to tokens: managing tokens, password and profile changes, logout', async () => {
    const { token } = (await create(admin, { name: 'everything', scopes: ['admin'] })).body;
    expectError(
      await as(token).post('/api/users/me/api-tokens', { name: 'x', scopes: ['admin'] }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    expectError(await as(token).get('/api/users/me/api-tokens'), 403, 'INSUFFICIENT_SCOPE');
    expectError(
      await as(token).post('/api/users/me/password', {
        currentPassword: 'admin123',
        newPassword: 'violet-harbor-lantern-42',
      }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    expectError(await as(token).patch('/api/users/me', { firstName: 'Eve' }), 403, 'INSUFFICIENT_SCOPE');
    expectError(await as(token).post('/api/auth/logout-all', {}), 403, 'INSUFFICIENT_SCOPE');
    // The admin scope covers the admin's routes.
    expect((await as(token).get('/api/settings')).status).toBe(200);
    expect((await as(token).get('/api/audit')).status).toBe(200);
  });

  it("never gives more than the owner's role: scopes beyond it are refused, and the role still rules", async () => {
    for (const scopes of [['admin'], ['users:read'], ['reports:read']]) {
      expectError(await create(customer, { name: 'too much', scopes }), 400, 'VALIDATION_FAILED');
    }
    expectError(
      await create(agent, { name: 'too much', scopes: ['tickets:read', 'admin'] }),
      400,
      'VALIDATION_FAILED',
    );

    // A customer's token sees only the customer's own tickets; another's is a 404 as always.
    const other = await registerCustomer(api.url, 'token.other@example.com');
    const foreign = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', other.auth)
      .send({ subject: 'Private', description: 'Mine' });
    const { token } = (await create(customer, { name: 'portal', scopes: ['tickets:read', 'tickets:write'] }))
      .body;
    expectError(await as(token).get(`/api/tickets/${foreign.body.id}`), 404);
    const mine = await as(token).get('/api/tickets');
    expect(mine.body.items.every((t: { customer: { id: number } }) => t.customer.id === customer.id)).toBe(
      true,
    );
    expectError(await as(token).post(`/api/tickets/${foreign.body.id}/assign`, {}), 404);
  });

  it('stops working at once when revoked, expired, or when its owner is deactivated; forged ones never work', async () => {
    const res = await create(agent, { name: 'short-lived', scopes: ['tickets:read'] });
    expect((await as(res.body.token).get('/api/tickets')).status).toBe(200);
    expectError(
      await request(api.url)
        .delete(`/api/users/me/api-tokens/${res.body.id}`)
        .set('Authorization', admin.auth),
      404,
    );
    await request(api.url)
      .delete(`/api/users/me/api-tokens/${res.body.id}`)
      .set('Authorization', agent.auth)
      .expect(204);
    expectError(await as(res.body.token).get('/api/tickets'), 401, 'UNAUTHORIZED');
    expectError(await as(`hd_${'A'.repeat(43)}`).get('/api/tickets'), 401, 'UNAUTHORIZED');
    expectError(await as('hd_').get('/api/tickets'), 401, 'UNAUTHORIZED');

    expectError(
      await create(agent, { name: 'past', scopes: ['tickets:read'], expiresAt: '2020-01-01T00:00:00Z' }),
      400,
    );
    const expiring = await create(agent, {
      name: 'a day',
      scopes: ['tickets:read'],
      expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    });
    expect((await as(expiring.body.token).get('/api/tickets')).status).toBe(200);
    await request(api.url)
      .put('/api/testing/clock')
      .send({ advanceMs: 25 * 3600_000 })
      .expect(200);
    expectError(await as(expiring.body.token).get('/api/tickets'), 401, 'UNAUTHORIZED');

    const leaver = await registerCustomer(api.url, 'token.leaver@example.com');
    const { token } = (await create(leaver, { name: 'mine', scopes: ['tickets:read'] })).body;
    expect((await as(token).get('/api/tickets')).status).toBe(200);
    await request(api.url)
      .patch(`/api/users/${leaver.id}`)
      .set('Authorization', admin.auth)
      .send({ active: false })
      .expect(200);
    expectError(await as(token).get('/api/tickets'), 401, 'UNAUTHORIZED');
  });

  it.each([
    [{ scopes: ['tickets:read'] }, 'name'],
    [{ name: '', scopes: ['tickets:read'] }, 'name'],
    [{ name: 'x', scopes: [] }, 'scopes'],
    [{ name: 'x', scopes: ['tickets:delete'] }, 'scopes'],
    [{ name: 'x', scopes: ['tickets:read', 'tickets:read'] }, 'scopes'],
    [{ name: 'x', scopes: 'tickets:read' }, 'scopes'],
    [{ name: 'x', scopes: ['tickets:read'], expiresAt: 'tomorrow' }, 'expiresAt'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await create(agent, body);
    expect(JSON.stringify(expectError(res, 400, 'VALIDATION_FAILED'))).toContain(field);
  });
});
