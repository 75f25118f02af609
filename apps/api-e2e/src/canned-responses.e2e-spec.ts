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

describe('Canned responses', () => {
  let api: ApiServer;
  let admin: Session;
  let agent: Session;
  let agent2: Session;
  let customer: Session;

  const call = (session: Session, method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
    request(api.url)[method](`/api/canned-responses${path}`).set('Authorization', session.auth);
  const create = (session: Session, body: Record<string, unknown>) => call(session, 'post', '').send(body);
  const titles = async (session: Session): Promise<string[]> =>
    (await call(session, 'get', '')).body.items.map((r: { title: string }) => r.title);

  beforeAll(async () => {
    api = await startApi();
    [admin, agent, agent2] = await Promise.all([
      login(api.url, DEMO.admin),
      login(api.url, DEMO.agent),
      login(api.url, DEMO.agent2),
    ]);
    customer = await registerCustomer(api.url, 'canned.customer@example.com');
  });
  afterAll(() => api.stop());

  it('creates, reads, changes and deletes a personal response (trimmed, owned by its writer)', async () => {
    const created = await create(agent, {
      title: '  Invoice resent  ',
      body: 'Hi {{customer.firstName}}, I resent the invoice for {{ticket.number}}. {{agent.firstName}}',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      title: 'Invoice resent',
      body: 'Hi {{customer.firstName}}, I resent the invoice for {{ticket.number}}. {{agent.firstName}}',
      shared: false,
      owner: { id: agent.id, name: 'Alex Agent' },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updatedAt: created.body.createdAt,
    });
    const id = created.body.id as number;

    const read = await call(agent, 'get', `/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const changed = await call(agent, 'patch', `/${id}`).send({ body: 'Resent, see your inbox.' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id, title: 'Invoice resent', body: 'Resent, see your inbox.' });
    expect(changed.body.updatedAt >= created.body.updatedAt).toBe(true);
    expect(await titles(agent)).toContain('Invoice resent');

    const deleted = await call(agent, 'delete', `/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectError(await call(agent, 'get', `/${id}`), 404, 'NOT_FOUND');
    expect(await titles(agent)).not.toContain('Invoice resent');
  });

  it('shows shared responses to all staff and personal ones to their owner only, by title', async () => {
    const shared = await create(admin, { title: 'b shared greeting', body: 'Hello!', shared: true });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ shared: true, owner: { id: admin.id, name: 'Ada Admin' } });
    await create(agent, { title: 'A personal of agent', body: 'Mine' });
    await create(agent2, { title: 'C personal of agent 2', body: 'Mine too' });
    await create(admin, { title: 'D personal of admin', body: 'The admin’s own' });

    expect(await titles(agent)).toEqual(['A personal of agent', 'b shared greeting']);
    expect(await titles(agent2)).toEqual(['b shared greeting', 'C personal of agent 2']);
    expect(await titles(admin)).toEqual(['b shared greeting', 'D personal of admin']);
    expect((await call(agent2, 'get', `/${shared.body.id}`)).body.title).toBe('b shared greeting');
  });

  it("answers 404, never 403, for another user's personal response, to agents and admins alike", async () => {
    const personal = (await create(agent, { title: 'Secret', body: 'Only mine' })).body;
    const unknown = await call(agent, 'get', '/999999');
    for (const session of [agent2, admin]) {
      const answers = [
        await call(session, 'get', `/${personal.id}`),
        await call(session, 'patch', `/${personal.id}`).send({ title: 'Taken' }),
        await call(session, 'delete', `/${personal.id}`),
      ];
      for (const answer of answers) {
        expectError(answer, 404, 'NOT_FOUND');
        expect(answer.body.message).toBe(unknown.body.message.replace('999999', String(personal.id)));
      }
    }
    expect((await call(agent, 'get', `/${personal.id}`)).body).toMatchObject({
      title: 'Secret',
      body: 'Only mine',
    });
  });

  it('lets only admins create, change and delete shared responses (403 for agents)', async () => {
    expectError(await create(agent, { title: 'For all', body: 'x', shared: true }), 403, 'ROLE_FORBIDDEN');
    const own = (await create(agent, { title: 'Mine to share', body: 'x' })).body;
    expectError(await call(agent, 'patch', `/${own.id}`).send({ shared: true }), 403, 'ROLE_FORBIDDEN');

    const shared = (await create(admin, { title: 'Team sign-off', body: 'Regards', shared: true })).body;
    expectError(await call(agent, 'patch', `/${shared.id}`).send({ body: 'Cheers' }), 403, 'ROLE_FORBIDDEN');
    expectError(await call(agent, 'delete', `/${shared.id}`), 403, 'ROLE_FORBIDDEN');
    expect((await call(agent, 'get', `/${shared.id}`)).body.body).toBe('Regards');

    const changed = await call(admin, 'patch', `/${shared.id}`).send({ body: 'Kind regards' });
    expect(changed.status).toBe(200);
    expect((await call(agent2, 'get', `/${shared.id}`)).body.body).toBe('Kind regards');

    // An admin shares one of their own; made personal again, a shared one becomes the admin's own.
    const adminsOwn = (await create(admin, { title: 'Admin draft', body: 'x' })).body;
    expect((await call(admin, 'patch', `/${adminsOwn.id}`).send({ shared: true })).body.shared).toBe(true);
    expect(await titles(agent)).toContain('Admin draft');
    const unshared = await call(admin, 'patch', `/${shared.id}`).send({ shared: false });
    expect(unshared.body).toMatchObject({ shared: false, owner: { id: admin.id } });
    expectError(await call(agent, 'get', `/${shared.id}`), 404, 'NOT_FOUND');

    expect((await call(admin, 'delete', `/${adminsOwn.id}`)).status).toBe(204);
    expect(await titles(agent)).not.toContain('Admin draft');
  });

  it('records the admin changes of shared responses in the audit log', async () => {
    const shared = (await create(admin, { title: 'Audited', body: 'One', shared: true })).body;
    await call(admin, 'patch', `/${shared.id}`).send({ title: 'Audited twice' });
    await call(admin, 'delete', `/${shared.id}`);
    const personal = (await create(admin, { title: 'Not audited', body: 'x' })).body;
    await call(admin, 'patch', `/${personal.id}`).send({ body: 'y' });

    const audit = await request(api.url).get('/api/audit?pageSize=100').set('Authorization', admin.auth);
    const entries = audit.body.items.filter(
      (e: { target: { type: string; id: number } }) => e.target.type === 'canned_response',
    );
    const about = (id: number) =>
      entries
        .filter((e: { target: { id: number } }) => e.target.id === id)
        .map((e: { action: string; actor: { id: number } }) => [e.action, e.actor.id]);
    expect(about(shared.id)).toEqual([
      ['canned_response.deleted', admin.id],
      ['canned_response.updated', admin.id],
      ['canned_response.created', admin.id],
    ]);
    expect(about(personal.id)).toEqual([]);
    expect(
      entries.find(
        (e: { action: string; target: { id: number } }) =>
          e.target.id === shared.id && e.action === 'canned_response.updated',
      ).changes,
    ).toEqual({ title: { from: 'Audited', to: 'Audited twice' } });
  });

  it('refuses customers with 403 on every route, as other staff routes do', async () => {
    const shared = (await create(admin, { title: 'Not for customers', body: 'x', shared: true })).body;
    const answers = [
      await call(customer, 'get', ''),
      await call(customer, 'get', `/${shared.id}`),
      await create(customer, { title: 'Mine', body: 'x' }),
      await call(customer, 'patch', `/${shared.id}`).send({ title: 'Hacked' }),
      await call(customer, 'delete', `/${shared.id}`),
    ];
    for (const answer of answers) expectError(answer, 403, 'ROLE_FORBIDDEN');
    // The same answer as another staff-only route gives a customer.
    const users = await request(api.url).get('/api/users').set('Authorization', customer.auth);
    expectError(users, 403, 'ROLE_FORBIDDEN');
    expect((await call(admin, 'get', `/${shared.id}`)).body.title).toBe('Not for customers');
  });

  it('requires a session (401)', async () => {
    expectError(await request(api.url).get('/api/canned-responses'), 401);
  });

  it.each([
    ['a missing title', { body: 'x' }, 'title'],
    ['a blank title', { title: '   ', body: 'x' }, 'title'],
    ['a title over 100 characters', { title: 'x'.repeat(101), body: 'x' }, 'title'],
    ['a non-string title', { title: 42, body: 'x' }, 'title'],
    ['a missing body', { title: 'T' }, 'body'],
    ['a blank body', { title: 'T', body: ' \n ' }, 'body'],
    ['a body over 5,000 characters', { title: 'T', body: 'x'.repeat(5001) }, 'body'],
    ['a non-boolean shared', { title: 'T', body: 'x', shared: 'yes' }, 'shared'],
    ['a null shared', { title: 'T', body: 'x', shared: null }, 'shared'],
    ['an unknown field', { title: 'T', body: 'x', ownerId: 1 }, 'ownerId'],
  ])('refuses a creation with %s: 400 naming the field', async (_case, body, field) => {
    const error = expectError(await create(agent, body), 400, 'VALIDATION_FAILED');
    expect(Object.keys(error['errors'] as object)).toEqual([field]);
  });

  it('accepts a title of exactly 100 and a body of exactly 5,000 characters', async () => {
    const res = await create(agent, { title: 't'.repeat(100), body: 'b'.repeat(5000) });
    expect(res.status).toBe(201);
    expect(res.body.title).toHaveLength(100);
    expect(res.body.body).toHaveLength(5000);
  });

  it.each([
    ['a blank title', { title: '' }],
    ['a title over 100 characters', { title: 'x'.repeat(101) }],
    ['a null body', { body: null }],
    ['a body over 5,000 characters', { body: 'x'.repeat(5001) }],
    ['an unknown field', { owner: 3 }],
  ])('refuses a change with %s: 400, leaving it as it was', async (_case, body) => {
    const own = (await create(agent, { title: 'Stays', body: 'As it was' })).body;
    expectError(await call(agent, 'patch', `/${own.id}`).send(body), 400, 'VALIDATION_FAILED');
    expect((await call(agent, 'get', `/${own.id}`)).body).toMatchObject({
      title: 'Stays',
      body: 'As it was',
    });
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999'])('answers 404 for the id %s', async (id) => {
    expectError(await call(agent, 'get', `/${id}`), 404, 'NOT_FOUND');
    expectError(await call(agent, 'patch', `/${id}`).send({ title: 'x' }), 404, 'NOT_FOUND');
    expectError(await call(agent, 'delete', `/${id}`), 404, 'NOT_FOUND');
  });

  it('documents every route in the OpenAPI document, with its error answers', async () => {
    const { paths } = (await request(api.url).get('/docs-json')).body;
    const list = paths['/api/canned-responses'];
    const one = paths['/api/canned-responses/{id}'];
    expect(Object.keys(list.get.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(Object.keys(list.post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403']));
    expect(Object.keys(one.get.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    expect(Object.keys(one.patch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404']),
    );
    expect(Object.keys(one.delete.responses)).toEqual(expect.arrayContaining(['204', '401', '403', '404']));
  });
});
