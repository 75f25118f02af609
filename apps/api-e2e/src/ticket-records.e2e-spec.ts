import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import request from 'supertest';

import { ApiServer, Session, expectError, login, registerCustomer, startApi } from './support/api-server';
import { sql } from './support/database';
import { parseMail } from './support/mail';

const PASSWORD = 'violet-harbor-lantern-42';
const today = (): string => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('Ticket records: numbers, contact fields, categories, history', () => {
  let api: ApiServer;
  let customer: Session;
  let other: Session;
  let agent: Session;
  let agent2: Session;
  let admin: Session;

  const open = (session: Session, body: Record<string, unknown>) =>
    request(api.url).post('/api/tickets').set('Authorization', session.auth).send(body);
  const get = (session: Session, path: string) =>
    request(api.url).get(path).set('Authorization', session.auth);
  const patch = (session: Session, path: string, body: Record<string, unknown>) =>
    request(api.url).patch(path).set('Authorization', session.auth).send(body);
  const post = (session: Session, path: string, body: Record<string, unknown> = {}) =>
    request(api.url).post(path).set('Authorization', session.auth).send(body);

  /** The `.eml` files the API wrote for `to` so far (no SMTP_URL), parsed, oldest first. */
  const mailTo = (to: string) => {
    const dir = join(api.dataDir, 'mail');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    } catch {
      return [];
    }
    return files
      .sort()
      .map((f) => parseMail(readFileSync(join(dir, f), 'utf8')))
      .filter((m) => (m.headers['to'] ?? '').includes(to));
  };
  const waitForMail = async (to: string, count: number) => {
    for (let i = 0; i < 100 && mailTo(to).length < count; i++) await new Promise((r) => setTimeout(r, 100));
    return mailTo(to);
  };

  beforeAll(async () => {
    api = await startApi({ SEED: 'false', DEFAULT_PHONE_REGION: 'GB', OUTBOX_POLL_INTERVAL: '1s' });
    customer = await registerCustomer(api.url, 'tess@example.com', 'Tess Customer');
    other = await registerCustomer(api.url, 'otto@example.com', 'Otto Other');
    const staff = [
      ['ana@example.com', 'Ana Agent', 'agent'],
      ['bo@example.com', 'Bo Backup', 'agent'],
      ['adam@example.com', 'Adam Admin', 'admin'],
    ] as const;
    for (const [email, name, role] of staff) {
      const session = await registerCustomer(api.url, email, name);
      await sql(api.dataDir, 'update users set role = ? where id = ?', [role, session.id]);
    }
    agent = await login(api.url, { email: 'ana@example.com', password: PASSWORD });
    agent2 = await login(api.url, { email: 'bo@example.com', password: PASSWORD });
    admin = await login(api.url, { email: 'adam@example.com', password: PASSWORD });
  });
  afterAll(() => api.stop());

  describe('ticket numbers', () => {
    it('numbers tickets TICK-<UTC day>-NNNN in order of creation', async () => {
      const first = await open(customer, { subject: 'First', description: 'D' });
      const second = await open(other, { subject: 'Second', description: 'D' });
      expect(first.status).toBe(201);
      const [, day, seq] = /^TICK-(\d{8})-(\d{4})$/.exec(first.body.number) ?? [];
      expect(day).toBe(today());
      expect(second.body.number).toBe(`TICK-${day}-${String(Number(seq) + 1).padStart(4, '0')}`);
    });

    it('gives 100 concurrent creations 100 distinct numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => open(customer, { subject: `Burst ${i}`, description: 'D' })),
      );
      expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
      expect(new Set(results.map((r) => r.body.number)).size).toBe(100);
    });

    it('finds a ticket by its number wherever its id works, with the same isolation', async () => {
      const ticket = (await open(customer, { subject: 'Quote me', description: 'On the phone' })).body;
      const byNumber = await get(customer, `/api/tickets/${ticket.number}`);
      expect(byNumber.status).toBe(200);
      expect(byNumber.body).toMatchObject({ id: ticket.id, number: ticket.number });
      expect((await get(agent, `/api/tickets/${ticket.number.toLowerCase()}`)).body.id).toBe(ticket.id);
      expect((await post(agent, `/api/tickets/${ticket.number}/assign`)).body.assignee.id).toBe(agent.id);
      expect((await post(customer, `/api/tickets/${ticket.number}/replies`, { content: 'Hi' })).status).toBe(
        201,
      );
      expect((await get(customer, `/api/tickets/${ticket.number}/history`)).status).toBe(200);

      const missing = `TICK-${today()}-9999`;
      const hidden = expectError(await get(other, `/api/tickets/${ticket.number}`), 404, 'NOT_FOUND');
      const absent = expectError(await get(other, `/api/tickets/${missing}`), 404, 'NOT_FOUND');
      expect(hidden).toEqual({
        ...absent,
        message: (absent.message as string).replace(missing, ticket.number),
      });
      expectError(await post(other, `/api/tickets/${ticket.number}/replies`, { content: 'x' }), 404);
    });

    it('finds exactly the ticket whose number is searched for', async () => {
      const ticket = (await open(customer, { subject: 'Searchable', description: 'D' })).body;
      const res = await get(agent, `/api/tickets?q=${ticket.number}`);
      expect(res.body.items.map((t: { id: number }) => t.id)).toEqual([ticket.id]);
      expect((await get(other, `/api/tickets?q=${ticket.number}`)).body.total).toBe(0);
    });

    it.each(['abc', '01', '1.0', 'TICK-2026-1', '%20'])(
      'answers %p, neither an id nor a number, with a 404 quoting it',
      async (value) => {
        const body = expectError(await get(agent, `/api/tickets/${value}`), 404, 'NOT_FOUND');
        expect(body.message).toBe(`Ticket '${decodeURIComponent(value)}' not found`);
      },
    );
  });

  describe('contact number and affected item', () => {
    it('stores a number in E.164, from international or national (DEFAULT_PHONE_REGION=GB) form', async () => {
      const intl = await open(customer, {
        subject: 'Call me',
        description: 'D',
        contactNumber: '+1 (415) 555-2671',
        affectedItem: '  Router X200  ',
      });
      expect(intl.status).toBe(201);
      expect(intl.body).toMatchObject({ contactNumber: '+14155552671', affectedItem: 'Router X200' });
      const national = await open(customer, {
        subject: 'Call me',
        description: 'D',
        contactNumber: '020 7183 8750',
      });
      expect(national.body.contactNumber).toBe('+442071838750');
    });

    it.each(['not a phone', '12', '+44 20 7183 8750 1234 5678'])(
      'refuses %p with 400 INVALID_CONTACT_NUMBER and a reason',
      async (contactNumber) => {
        const res = await open(customer, { subject: 'S', description: 'D', contactNumber });
        const body = expectError(res, 400, 'INVALID_CONTACT_NUMBER');
        expect((body.errors as Record<string, string[]>).contactNumber[0]).toMatch(/\w/);
      },
    );

    it('refuses an affected item over 200 characters or blank', async () => {
      expectError(
        await open(customer, { subject: 'S', description: 'D', affectedItem: 'x'.repeat(201) }),
        400,
      );
      expectError(await open(customer, { subject: 'S', description: 'D', affectedItem: '   ' }), 400);
    });

    it('edits and clears them like the subject, filters by affected item and finds it with q', async () => {
      const ticket = (
        await open(customer, { subject: 'Edit me', description: 'D', affectedItem: 'Toaster 3000' })
      ).body;
      const edited = await patch(customer, `/api/tickets/${ticket.id}`, {
        contactNumber: '+44 20 7183 8750',
        affectedItem: 'Kettle 9',
      });
      expect(edited.body).toMatchObject({ contactNumber: '+442071838750', affectedItem: 'Kettle 9' });
      expect(
        (await get(agent, '/api/tickets?affectedItem=Kettle%209')).body.items.map(
          (t: { id: number }) => t.id,
        ),
      ).toEqual([ticket.id]);
      expect((await get(agent, '/api/tickets?affectedItem=Kettle')).body.total).toBe(0);
      expect((await get(agent, '/api/tickets?q=kettle')).body.items.map((t: { id: number }) => t.id)).toEqual(
        [ticket.id],
      );
      const cleared = await patch(customer, `/api/tickets/${ticket.id}`, {
        contactNumber: null,
        affectedItem: null,
      });
      expect(cleared.body).toMatchObject({ contactNumber: null, affectedItem: null });
    });
  });

  describe('managed categories', () => {
    it('lists the five default categories in order', async () => {
      const res = await get(customer, '/api/categories');
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { slug: string }) => c.slug)).toEqual([
        'general',
        'technical',
        'billing',
        'account',
        'feature_request',
      ]);
    });

    it('lets only admins add, rename, reorder and deactivate; a duplicate slug is 409', async () => {
      expectError(await post(agent, '/api/categories', { name: 'Returns' }), 403, 'ROLE_FORBIDDEN');
      expectError(await post(customer, '/api/categories', { name: 'Returns' }), 403);
      const created = await post(admin, '/api/categories', { name: 'Returns & refunds', position: 1 });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        slug: 'returns_refunds',
        name: 'Returns & refunds',
        active: true,
        position: 1,
      });
      expectError(await post(admin, '/api/categories', { slug: 'returns_refunds', name: 'Again' }), 409);
      expectError(await post(admin, '/api/categories', { slug: 'Bad Slug', name: 'X' }), 400);

      const renamed = await patch(admin, `/api/categories/${created.body.id}`, {
        name: 'Returns',
        position: 0,
      });
      expect(renamed.body).toMatchObject({ name: 'Returns', position: 0 });
      const slugs = (await get(admin, '/api/categories')).body.items.map((c: { slug: string }) => c.slug);
      expect(slugs.slice(0, 2)).toEqual(['returns_refunds', 'general']);
      expectError(await patch(agent, `/api/categories/${created.body.id}`, { name: 'Nope' }), 403);
      expectError(await patch(admin, '/api/categories/99999', { name: 'Nope' }), 404);
    });

    it('takes an active category on new tickets; unknown or inactive ones are 400 INVALID_CATEGORY', async () => {
      const category = (await post(admin, '/api/categories', { name: 'Hardware' })).body;
      const ticket = await open(customer, { subject: 'Broken', description: 'D', category: 'hardware' });
      expect(ticket.body.category).toBe('hardware');
      expectError(
        await open(customer, { subject: 'S', description: 'D', category: 'nonexistent' }),
        400,
        'INVALID_CATEGORY',
      );

      await patch(admin, `/api/categories/${category.id}`, { active: false });
      expectError(
        await open(customer, { subject: 'S', description: 'D', category: 'hardware' }),
        400,
        'INVALID_CATEGORY',
      );
      // Tickets that have it keep it, and it is still listed for staff but not for customers.
      expect((await get(agent, `/api/tickets/${ticket.body.id}`)).body.category).toBe('hardware');
      const forCustomer = (await get(customer, '/api/categories')).body.items.map(
        (c: { slug: string }) => c.slug,
      );
      const forAgent = (await get(agent, '/api/categories')).body.items.map((c: { slug: string }) => c.slug);
      expect(forCustomer).not.toContain('hardware');
      expect(forAgent).toContain('hardware');
      // An unrelated edit of a ticket keeps its inactive category.
      expect(
        (
          await patch(customer, `/api/tickets/${ticket.body.id}`, {
            category: 'hardware',
            subject: 'Still broken',
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('history', () => {
    it('records who did what, oldest first, and hides internal notes and e-mails from the customer', async () => {
      const ticket = (await open(customer, { subject: 'History', description: 'D' })).body;
      const id = ticket.id;
      await patch(customer, `/api/tickets/${id}`, { subject: 'History, edited', category: 'billing' });
      await post(agent, `/api/tickets/${id}/assign`);
      await patch(agent, `/api/tickets/${id}`, { priority: 'high' });
      await post(agent, `/api/tickets/${id}/replies`, { content: 'Note to self', internal: true });
      await post(agent, `/api/tickets/${id}/replies`, { content: 'Hello!' });
      await post(agent, `/api/tickets/${id}/assign`, { agentId: agent2.id });
      await post(agent2, `/api/tickets/${id}/assign`, { agentId: null });

      const staffView = (await get(agent, `/api/tickets/${id}/history`)).body.items;
      expect(
        staffView.map((e: { type: string; field?: string }) => (e.field ? `${e.type}:${e.field}` : e.type)),
      ).toEqual([
        'created',
        'edited:subject',
        'category_changed',
        'assigned',
        'status_changed',
        'priority_changed',
        'internal_note_added',
        'reply_added',
        'assigned',
        'unassigned',
      ]);
      expect(staffView[0]).toMatchObject({
        actor: { id: customer.id, name: 'Tess Customer', role: 'customer' },
        system: false,
      });
      expect(staffView[1]).toMatchObject({ from: 'History', to: 'History, edited' });
      expect(staffView[2]).toMatchObject({ from: 'general', to: 'billing' });
      expect(staffView[3]).toMatchObject({ from: null, to: 'Ana Agent', actor: { name: 'Ana Agent' } });
      expect(staffView[4]).toMatchObject({ from: 'open', to: 'in_progress' });
      expect(staffView[5]).toMatchObject({ from: 'medium', to: 'high' });
      expect(staffView[8]).toMatchObject({ from: 'Ana Agent', to: 'Bo Backup' });
      expect(staffView[9]).toMatchObject({ from: 'Bo Backup', to: null });
      for (let i = 1; i < staffView.length; i++) expect(staffView[i].at >= staffView[i - 1].at).toBe(true);

      const customerView = await get(customer, `/api/tickets/${id}/history`);
      expect(customerView.body.items.map((e: { type: string }) => e.type)).not.toContain(
        'internal_note_added',
      );
      expect(customerView.body.items).toHaveLength(staffView.length - 1);
      expect(JSON.stringify(customerView.body)).not.toMatch(/@example\.com/);

      expectError(await get(other, `/api/tickets/${id}/history`), 404, 'NOT_FOUND');
    });

    it('records a customer reply that ends the wait as a reply and an automatic status change', async () => {
      const id = (await open(customer, { subject: 'Wait', description: 'D' })).body.id;
      await post(agent, `/api/tickets/${id}/assign`);
      await patch(agent, `/api/tickets/${id}/status`, { status: 'waiting_on_customer' });
      await post(customer, `/api/tickets/${id}/replies`, { content: 'Here you go' });
      const types = (await get(agent, `/api/tickets/${id}/history`)).body.items.map(
        (e: { type: string; to?: string }) => `${e.type}${e.to ? `>${e.to}` : ''}`,
      );
      expect(types.slice(-3)).toEqual([
        'status_changed>waiting_on_customer',
        'reply_added',
        'status_changed>in_progress',
      ]);
    });

    it('records the deletion in the same transaction', async () => {
      const id = (await open(customer, { subject: 'Delete me', description: 'D' })).body.id;
      expect(
        (await request(api.url).delete(`/api/tickets/${id}`).set('Authorization', customer.auth)).status,
      ).toBe(204);
      const rows = await sql<{ type: string }>(
        api.dataDir,
        'select type from ticket_history where ticket_id = ? order by id',
        [id],
      );
      expect(rows.map((r) => r.type)).toEqual(['created', 'deleted']);
    });
  });

  describe('fixes found by trying it as a new user', () => {
    it('refuses staff naming themselves, another agent, or nobody as the customer (400 INVALID_CUSTOMER)', async () => {
      expectError(
        await open(agent, { subject: 'S', description: 'D', customerId: agent.id }),
        400,
        'INVALID_CUSTOMER',
      );
      expectError(
        await open(agent, { subject: 'S', description: 'D', customerId: agent2.id }),
        400,
        'INVALID_CUSTOMER',
      );
      expectError(await open(agent, { subject: 'S', description: 'D' }), 400, 'INVALID_CUSTOMER');
      expect((await open(agent, { subject: 'S', description: 'D', customerId: customer.id })).status).toBe(
        201,
      );
    });

    it('shows customers staff by name only, and staff everyone with their e-mail', async () => {
      const id = (await open(customer, { subject: 'Who', description: 'D' })).body.id;
      await post(agent, `/api/tickets/${id}/assign`);
      const seenByCustomer = (await get(customer, `/api/tickets/${id}`)).body;
      expect(seenByCustomer.assignee).toEqual({ id: agent.id, name: 'Ana Agent' });
      expect(seenByCustomer.customer.email).toBe('tess@example.com');
      const listed = (await get(customer, '/api/tickets?assigneeId=' + agent.id)).body.items;
      expect(JSON.stringify(listed)).not.toContain('ana@example.com');
      expect((await get(agent, `/api/tickets/${id}`)).body.assignee).toEqual({
        id: agent.id,
        name: 'Ana Agent',
        email: 'ana@example.com',
      });
    });

    it('acknowledges a new ticket to its customer by e-mail, and an assignment with one e-mail, not two', async () => {
      const mailbox = await registerCustomer(api.url, 'mia@example.com', 'Mia Mail');
      const ticket = (await open(mailbox, { subject: 'Lost parcel', description: 'Where is it?' })).body;
      const [ack] = await waitForMail('mia@example.com', 1);
      expect(ack.subject).toBe(`[${ticket.number}] We received your request: Lost parcel`);
      expect(ack.text).toContain(`/tickets/${ticket.number}`);

      await post(agent, `/api/tickets/${ticket.id}/assign`);
      await waitForMail('mia@example.com', 2);
      await new Promise((r) => setTimeout(r, 1500));
      const mails = mailTo('mia@example.com');
      expect(mails).toHaveLength(2);
      expect(mails[1].subject).toBe(`[${ticket.number}] Lost parcel (In progress)`);
      expect(mails[1].text).toContain(`Ticket ${ticket.number} assigned to Ana Agent`);
    });
  });
});

describe('Safe concurrent edits: ETag and If-Match', () => {
  let api: ApiServer;
  let customer: Session;
  let agent: Session;

  beforeAll(async () => {
    api = await startApi({ SEED: 'false' });
    customer = await registerCustomer(api.url, 'etag@example.com', 'Eta Tag');
    const staff = await registerCustomer(api.url, 'eve@example.com', 'Eve Agent');
    await sql(api.dataDir, "update users set role = 'agent' where id = ?", [staff.id]);
    agent = await login(api.url, { email: 'eve@example.com', password: PASSWORD });
  });
  afterAll(() => api.stop());

  it("answers 412 to an edit based on an older version, so a second agent's change is not lost", async () => {
    const id = (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Race', description: 'D' })
    ).body.id;
    const read = await request(api.url).get(`/api/tickets/${id}`).set('Authorization', agent.auth);
    const etag = read.headers['etag'];
    expect(etag).toBe(`"${id}.${read.body.version}"`);

    // The customer edits in between.
    const edited = await request(api.url)
      .patch(`/api/tickets/${id}`)
      .set('Authorization', customer.auth)
      .send({ subject: 'Race, edited' });
    expect(edited.headers['etag']).not.toBe(etag);

    const stale = await request(api.url)
      .patch(`/api/tickets/${id}`)
      .set('Authorization', agent.auth)
      .set('If-Match', etag)
      .send({ subject: 'Race, overwritten' });
    expectError(stale, 412, 'PRECONDITION_FAILED');
    const staleStatus = await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', agent.auth)
      .set('If-Match', etag)
      .send({ status: 'closed' });
    expectError(staleStatus, 412, 'PRECONDITION_FAILED');
    const now = await request(api.url).get(`/api/tickets/${id}`).set('Authorization', agent.auth);
    expect(now.body).toMatchObject({ subject: 'Race, edited', status: 'open' });

    const fresh = await request(api.url)
      .patch(`/api/tickets/${id}`)
      .set('Authorization', agent.auth)
      .set('If-Match', now.headers['etag'])
      .send({ priority: 'high' });
    expect(fresh.status).toBe(200);
    expect(fresh.headers['etag']).not.toBe(now.headers['etag']);
    expect(
      (
        await request(api.url)
          .patch(`/api/tickets/${id}/status`)
          .set('Authorization', agent.auth)
          .set('If-Match', '*')
          .send({ status: 'closed' })
      ).status,
    ).toBe(200);
  });

  it("still checks visibility first: a stale If-Match on another customer's ticket is a 404", async () => {
    const id = (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', agent.auth)
        .send({
          subject: 'Theirs',
          description: 'D',
          customerId: (await registerCustomer(api.url, 'x9@example.com')).id,
        })
    ).body.id;
    const res = await request(api.url)
      .patch(`/api/tickets/${id}`)
      .set('Authorization', customer.auth)
      .set('If-Match', '"1.1"')
      .send({ subject: 'x' });
    expectError(res, 404, 'NOT_FOUND');
  });
});

describe('Idempotent creation: Idempotency-Key', () => {
  let api: ApiServer;
  let customer: Session;
  let other: Session;

  beforeAll(async () => {
    api = await startApi({ SEED: 'false' });
    customer = await registerCustomer(api.url, 'idem@example.com', 'Ida Idem');
    other = await registerCustomer(api.url, 'idem2@example.com', 'Ole Other');
  });
  afterAll(() => api.stop());

  const open = (session: Session, key: string | undefined, body: Record<string, unknown>) => {
    const req = request(api.url).post('/api/tickets').set('Authorization', session.auth);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const count = async (session: Session) =>
    (await request(api.url).get('/api/tickets').set('Authorization', session.auth)).body.total as number;

  it('answers a repeated key with the first answer instead of a second ticket', async () => {
    const before = await count(customer);
    const first = await open(customer, 'key-1', { subject: 'Once', description: 'D' });
    const again = await open(customer, 'key-1', { subject: 'Once', description: 'D' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count(customer)).toBe(before + 1);
  });

  it('creates once for two concurrent requests with one key', async () => {
    const before = await count(customer);
    const results = await Promise.all(
      [1, 2].map(() => open(customer, 'key-race', { subject: 'Race', description: 'D' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
    for (const res of results) expect([201, 409]).toContain(res.status);
    expect(await count(customer)).toBe(before + 1);
  });

  it('refuses the key with another body (422), keeps keys apart per user, and replies are idempotent too', async () => {
    const first = await open(customer, 'key-2', { subject: 'A', description: 'D' });
    expectError(
      await open(customer, 'key-2', { subject: 'B', description: 'D' }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    const theirs = await open(other, 'key-2', { subject: 'A', description: 'D' });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);

    const reply = () =>
      request(api.url)
        .post(`/api/tickets/${first.body.id}/replies`)
        .set('Authorization', customer.auth)
        .set('Idempotency-Key', 'reply-1')
        .send({ content: 'Only once' });
    const [a, b] = [await reply(), await reply()];
    expect(b.body).toEqual(a.body);
    const detail = await request(api.url)
      .get(`/api/tickets/${first.body.id}`)
      .set('Authorization', customer.auth);
    expect(detail.body.replies.filter((r: { content: string }) => r.content === 'Only once')).toHaveLength(1);
  });

  it('lets a failed request be retried with the same key, and refuses a malformed key', async () => {
    expectError(await open(customer, 'key-3', { subject: '', description: 'D' }), 400, 'VALIDATION_FAILED');
    expect((await open(customer, 'key-3', { subject: 'Fixed', description: 'D' })).status).toBe(201);
    const bad = await open(customer, 'x'.repeat(256), { subject: 'S', description: 'D' });
    expect(expectError(bad, 400, 'VALIDATION_FAILED').errors).toHaveProperty('Idempotency-Key');
  });
});
