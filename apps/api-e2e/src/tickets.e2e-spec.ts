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
import { sql } from './support/database';

describe('Tickets API', () => {
  let api: ApiServer;
  let customer: Session;
  let other: Session;
  let agent: Session;
  let admin: Session;

  const open = (session: Session, body: Record<string, unknown>) =>
    request(api.url).post('/api/tickets').set('Authorization', session.auth).send(body);
  const list = (session: Session, query = '') =>
    request(api.url).get(`/api/tickets${query}`).set('Authorization', session.auth);

  beforeAll(async () => {
    api = await startApi({ SEED: 'false' });
    customer = await registerCustomer(api.url, 'tess@example.com', 'Tess Customer');
    other = await registerCustomer(api.url, 'otto@example.com', 'Otto Other');
    // Staff accounts come from the seed only; promote two registered users as an operator would.
    const agentSession = await registerCustomer(api.url, 'ana@example.com', 'Ana Agent');
    const adminSession = await registerCustomer(api.url, 'adam@example.com', 'Adam Admin');
    await sql(api.dataDir, "update users set role = 'agent' where id = ?", [agentSession.id]);
    await sql(api.dataDir, "update users set role = 'admin' where id = ?", [adminSession.id]);
    agent = await login(api.url, { email: 'ana@example.com', password: 'violet-harbor-lantern-42' });
    admin = await login(api.url, { email: 'adam@example.com', password: 'violet-harbor-lantern-42' });
  });
  afterAll(() => api.stop());

  describe('POST /api/tickets', () => {
    it('opens a ticket for the caller with status open, trimmed text and defaults', async () => {
      const res = await open(customer, {
        subject: '  Printer on fire  ',
        description: ' It is really on fire. ',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        subject: 'Printer on fire',
        description: 'It is really on fire.',
        status: 'open',
        priority: 'medium',
        category: 'general',
        customer: { id: customer.id, name: 'Tess Customer', email: 'tess@example.com' },
        assignee: null,
        firstResponseAt: null,
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it('refuses a client-set status', async () => {
      const res = await open(customer, { subject: 'S', description: 'D', status: 'resolved' });
      expect(expectError(res, 400, 'VALIDATION_FAILED').errors).toHaveProperty('status');
    });

    it.each([
      ['an empty subject', { subject: '   ', description: 'D' }, 'subject'],
      ['a 201-character subject', { subject: 'x'.repeat(201), description: 'D' }, 'subject'],
      ['a 10,001-character description', { subject: 'S', description: 'x'.repeat(10_001) }, 'description'],
      ['an unknown priority', { subject: 'S', description: 'D', priority: 'critical' }, 'priority'],
      ['a subject that is not a string', { subject: 42, description: 'D' }, 'subject'],
    ])('refuses %s with a 400 naming the field', async (_case, body, field) => {
      expect(expectError(await open(customer, body), 400, 'VALIDATION_FAILED').errors).toHaveProperty(field);
    });

    it('refuses an unknown category with 400 INVALID_CATEGORY naming the field', async () => {
      const res = await open(customer, { subject: 'S', description: 'D', category: 'sales' });
      expect(expectError(res, 400, 'INVALID_CATEGORY').errors).toHaveProperty('category');
    });

    it('accepts exactly 200 and 10,000 characters', async () => {
      expect(
        (await open(customer, { subject: 's'.repeat(200), description: 'd'.repeat(10_000) })).status,
      ).toBe(201);
    });

    it("lets an agent open a ticket on a customer's behalf", async () => {
      const res = await open(agent, { subject: 'Called in', description: 'By phone', customerId: other.id });
      expect(res.status).toBe(201);
      expect(res.body.customer.id).toBe(other.id);
    });

    it('refuses customerId from a customer (403) and a non-customer id from an agent (400)', async () => {
      expectError(await open(customer, { subject: 'S', description: 'D', customerId: other.id }), 403);
      expectError(
        await open(agent, { subject: 'S', description: 'D', customerId: agent.id + 1000 }),
        400,
        'INVALID_CUSTOMER',
      );
      expectError(
        await open(agent, { subject: 'S', description: 'D', customerId: admin.id }),
        400,
        'INVALID_CUSTOMER',
      );
    });
  });

  describe('GET /api/tickets', () => {
    beforeAll(async () => {
      await open(other, {
        subject: 'Refund 100% please',
        description: 'Charged twice',
        priority: 'urgent',
        category: 'billing',
      });
      await open(other, { subject: 'Low thing', description: 'whenever', priority: 'low' });
      await open(customer, {
        subject: 'Login trouble',
        description: 'Cannot LOG IN since Monday',
        priority: 'high',
        category: 'account',
      });
    });

    it('gives a customer only their own tickets, newest first', async () => {
      const res = await list(customer);
      expect(res.status).toBe(200);
      expect(res.body.items.every((t: { customer: { id: number } }) => t.customer.id === customer.id)).toBe(
        true,
      );
      expect(res.body.items[0].subject).toBe('Login trouble');
      const times = res.body.items.map((t: { createdAt: string }) => t.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
      expect(res.body).toMatchObject({ page: 1, pageSize: 20, total: res.body.items.length });
    });

    it('gives staff every ticket', async () => {
      const res = await list(agent);
      const customers = new Set(res.body.items.map((t: { customer: { id: number } }) => t.customer.id));
      expect(customers).toEqual(new Set([customer.id, other.id]));
    });

    it('ignores a customer asking for other customers through filters', async () => {
      const res = await list(customer, `?q=Refund`);
      expect(res.body.total).toBe(0);
    });

    it('searches words of subject and description case-insensitively; % and _ are not syntax', async () => {
      expect(
        (await list(agent, '?q=log%20in')).body.items.map((t: { subject: string }) => t.subject),
      ).toEqual(['Login trouble']);
      expect(
        (await list(agent, `?q=${encodeURIComponent('100%')}`)).body.items.map(
          (t: { subject: string }) => t.subject,
        ),
      ).toEqual(['Refund 100% please']);
      // Full-text search (see search.e2e-spec.ts): no letters or digits, no words, no match.
      expect((await list(agent, `?q=${encodeURIComponent('%')}`)).body.total).toBe(0);
      expect((await list(agent, '?q=_')).body.total).toBe(0);
    });

    it('filters by several statuses, priority, category and assignee', async () => {
      expect(
        (await list(agent, '?priority=urgent')).body.items.map((t: { subject: string }) => t.subject),
      ).toEqual(['Refund 100% please']);
      expect((await list(agent, '?category=account')).body.total).toBe(1);
      const all = (await list(agent)).body.total;
      expect((await list(agent, '?status=open&status=closed')).body.total).toBe(all);
      expect((await list(agent, '?status=open,closed')).body.total).toBe(all);
      expect((await list(agent, '?status=closed')).body.total).toBe(0);
      expect((await list(agent, '?unassigned=true')).body.total).toBe(all);
      expect((await list(agent, `?assigneeId=${agent.id}`)).body.total).toBe(0);
    });

    it('sorts by priority, highest first with -priority', async () => {
      const res = await list(agent, '?sort=-priority');
      const ranks = res.body.items.map((t: { priority: string }) =>
        ['low', 'medium', 'high', 'urgent'].indexOf(t.priority),
      );
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
      expect(res.body.items[0].priority).toBe('urgent');
    });

    it('pages with a total over all pages', async () => {
      const all = (await list(agent)).body;
      const page2 = (await list(agent, '?pageSize=2&page=2')).body;
      expect(page2).toMatchObject({ page: 2, pageSize: 2, total: all.total });
      expect(page2.items.map((t: { id: number }) => t.id)).toEqual(
        all.items.slice(2, 4).map((t: { id: number }) => t.id),
      );
    });

    it.each([
      ['?status=archived', 'status'],
      ['?priority=critical', 'priority'],
      ['?sort=subject', 'sort'],
      ['?pageSize=101', 'pageSize'],
      ['?pageSize=0', 'pageSize'],
      ['?page=0', 'page'],
      ['?page=abc', 'page'],
      ['?unassigned=maybe', 'unassigned'],
      ['?color=red', 'color'],
    ])('refuses %s with a 400 naming the parameter', async (query, field) => {
      expect(expectError(await list(agent, query), 400, 'VALIDATION_FAILED').errors).toHaveProperty(field);
    });
  });

  describe('GET /api/tickets/:id', () => {
    it('returns the ticket with its replies, oldest first', async () => {
      const ticket = (await open(customer, { subject: 'Thread', description: 'D' })).body;
      for (const content of ['one', 'two', 'three']) {
        await request(api.url)
          .post(`/api/tickets/${ticket.id}/replies`)
          .set('Authorization', customer.auth)
          .send({ content });
      }
      const res = await request(api.url).get(`/api/tickets/${ticket.id}`).set('Authorization', customer.auth);
      expect(res.status).toBe(200);
      expect(res.body.replies.map((r: { content: string }) => r.content)).toEqual(['one', 'two', 'three']);
      expect(res.body.replies[0].author).toEqual({
        id: customer.id,
        name: 'Tess Customer',
        role: 'customer',
      });
    });
  });

  describe('PATCH /api/tickets/:id', () => {
    it('lets the owner edit subject, description and category', async () => {
      const ticket = (await open(customer, { subject: 'Typo', description: 'D' })).body;
      const res = await request(api.url)
        .patch(`/api/tickets/${ticket.id}`)
        .set('Authorization', customer.auth)
        .send({ subject: ' Fixed ', description: 'Better', category: 'technical' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        subject: 'Fixed',
        description: 'Better',
        category: 'technical',
        priority: 'medium',
      });
      expect(res.body.updatedAt > ticket.updatedAt).toBe(true);
    });

    it('refuses a priority change from a customer with 403 and changes nothing', async () => {
      const ticket = (await open(customer, { subject: 'Mine', description: 'D' })).body;
      const res = await request(api.url)
        .patch(`/api/tickets/${ticket.id}`)
        .set('Authorization', customer.auth)
        .send({ subject: 'New', priority: 'urgent' });
      expectError(res, 403, 'ROLE_FORBIDDEN');
      const after = await request(api.url)
        .get(`/api/tickets/${ticket.id}`)
        .set('Authorization', customer.auth);
      expect(after.body).toMatchObject({ subject: 'Mine', priority: 'medium' });
    });

    it('lets an agent change the priority', async () => {
      const ticket = (await open(customer, { subject: 'Prio', description: 'D' })).body;
      const res = await request(api.url)
        .patch(`/api/tickets/${ticket.id}`)
        .set('Authorization', agent.auth)
        .send({ priority: 'urgent' });
      expect(res.body.priority).toBe('urgent');
    });

    it('refuses edits by the customer once the ticket is closed', async () => {
      const ticket = (await open(customer, { subject: 'Done', description: 'D' })).body;
      await request(api.url)
        .patch(`/api/tickets/${ticket.id}/status`)
        .set('Authorization', customer.auth)
        .send({ status: 'closed' });
      const res = await request(api.url)
        .patch(`/api/tickets/${ticket.id}`)
        .set('Authorization', customer.auth)
        .send({ subject: 'Later' });
      expectError(res, 409, 'TICKET_NOT_EDITABLE');
    });

    it('refuses an empty subject and unknown fields', async () => {
      const ticket = (await open(customer, { subject: 'Keep', description: 'D' })).body;
      expectError(
        await request(api.url)
          .patch(`/api/tickets/${ticket.id}`)
          .set('Authorization', customer.auth)
          .send({ subject: '' }),
        400,
      );
      expectError(
        await request(api.url)
          .patch(`/api/tickets/${ticket.id}`)
          .set('Authorization', agent.auth)
          .send({ status: 'closed' }),
        400,
      );
    });
  });

  describe('DELETE /api/tickets/:id', () => {
    it('lets the owner delete an open, unassigned ticket; it then disappears but its row stays', async () => {
      const ticket = (await open(customer, { subject: 'Oops', description: 'D' })).body;
      expect(
        (await request(api.url).delete(`/api/tickets/${ticket.id}`).set('Authorization', customer.auth))
          .status,
      ).toBe(204);
      expectError(
        await request(api.url).get(`/api/tickets/${ticket.id}`).set('Authorization', customer.auth),
        404,
      );
      expectError(
        await request(api.url).get(`/api/tickets/${ticket.id}`).set('Authorization', admin.auth),
        404,
      );
      expectError(
        await request(api.url).get(`/api/tickets/${ticket.id}/replies`).set('Authorization', agent.auth),
        404,
      );
      expect((await list(agent, '?q=Oops')).body.total).toBe(0);
      const rows = await sql<{ deleted_at: unknown }>(
        api.dataDir,
        'select deleted_at from tickets where id = ?',
        [ticket.id],
      );
      expect(rows[0].deleted_at).not.toBeNull();
      expectError(
        await request(api.url).delete(`/api/tickets/${ticket.id}`).set('Authorization', customer.auth),
        404,
      );
    });

    it('refuses the owner once the ticket is assigned or no longer open', async () => {
      const assigned = (await open(customer, { subject: 'Assigned', description: 'D' })).body;
      await request(api.url)
        .post(`/api/tickets/${assigned.id}/assign`)
        .set('Authorization', agent.auth)
        .send({});
      expectError(
        await request(api.url).delete(`/api/tickets/${assigned.id}`).set('Authorization', customer.auth),
        409,
        'TICKET_NOT_DELETABLE',
      );
      const closed = (await open(customer, { subject: 'Closed', description: 'D' })).body;
      await request(api.url)
        .patch(`/api/tickets/${closed.id}/status`)
        .set('Authorization', customer.auth)
        .send({ status: 'closed' });
      expectError(
        await request(api.url).delete(`/api/tickets/${closed.id}`).set('Authorization', customer.auth),
        409,
        'TICKET_NOT_DELETABLE',
      );
    });

    it('refuses agents with 403 and lets admins delete any ticket', async () => {
      const ticket = (await open(customer, { subject: 'Admin cleans', description: 'D' })).body;
      await request(api.url)
        .post(`/api/tickets/${ticket.id}/assign`)
        .set('Authorization', agent.auth)
        .send({});
      expectError(
        await request(api.url).delete(`/api/tickets/${ticket.id}`).set('Authorization', agent.auth),
        403,
      );
      expect(
        (await request(api.url).delete(`/api/tickets/${ticket.id}`).set('Authorization', admin.auth)).status,
      ).toBe(204);
    });
  });
});

describe('Tickets API on the seed data', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.stop());

  it('shows the first customer 5 tickets over at least 4 statuses and all priorities', async () => {
    const customer = await login(api.url, DEMO.customer);
    const res = await request(api.url).get('/api/tickets').set('Authorization', customer.auth);
    expect(res.body.total).toBeGreaterThanOrEqual(5);
    expect(new Set(res.body.items.map((t: { status: string }) => t.status)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(res.body.items.map((t: { priority: string }) => t.priority))).toEqual(
      new Set(['low', 'medium', 'high', 'urgent']),
    );
  });

  it('shows an agent the seeded internal note and threads from both sides', async () => {
    const agent = await login(api.url, DEMO.agent);
    const all = (await request(api.url).get('/api/tickets?pageSize=100').set('Authorization', agent.auth))
      .body.items;
    const threads = await Promise.all(
      all.map(
        async (t: { id: number }) =>
          (await request(api.url).get(`/api/tickets/${t.id}/replies`).set('Authorization', agent.auth)).body,
      ),
    );
    const replies = threads.flat() as Array<{ internal: boolean; author: { role: string } }>;
    expect(replies.filter((r) => r.internal)).toHaveLength(1);
    expect(new Set(replies.map((r) => r.author.role))).toEqual(new Set(['agent', 'customer']));
    expect(
      all.filter((t: { customer: { email: string } }) => t.customer.email === 'customer2@example.com'),
    ).toHaveLength(1);
  });

  describe('GET /api/tickets/counts', () => {
    it("counts a customer's own tickets per status, every status present", async () => {
      const customer = await login(api.url, DEMO.customer);
      const res = await request(api.url).get('/api/tickets/counts').set('Authorization', customer.auth);
      expect(res.status).toBe(200);
      const list = (
        await request(api.url).get('/api/tickets?pageSize=100').set('Authorization', customer.auth)
      ).body.items as Array<{ status: string }>;
      const expected = Object.fromEntries(
        ['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed', 'reopened'].map((s) => [
          s,
          list.filter((t) => t.status === s).length,
        ]),
      );
      expect(res.body).toEqual({ counts: expected, total: list.length, totalIsEstimate: false });
    });

    it('applies the other filters and ignores status', async () => {
      const agent = await login(api.url, DEMO.agent);
      const billing = await request(api.url)
        .get('/api/tickets/counts?category=billing&status=closed')
        .set('Authorization', agent.auth);
      const listed = (
        await request(api.url).get('/api/tickets?category=billing').set('Authorization', agent.auth)
      ).body.total;
      expect(billing.body.total).toBe(listed);
      expect(billing.body.counts.open).toBe(2);
    });

    it('refuses a bad filter with 400', async () => {
      const agent = await login(api.url, DEMO.agent);
      expect(
        (await request(api.url).get('/api/tickets/counts?priority=critical').set('Authorization', agent.auth))
          .status,
      ).toBe(400);
    });
  });
});
