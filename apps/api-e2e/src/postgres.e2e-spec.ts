import { Client } from 'pg';
import request from 'supertest';

import { ApiServer, DEMO, expectError, login, registerCustomer, startApi } from './support/api-server';

/**
 * The same API on PostgreSQL (`DATABASE_URL=postgres://…`): migrations, seed, search, sorting,
 * the workflow and a restart. Runs when `PG_TEST_URL` names a server (CI starts one); a scratch
 * database is created and dropped around the suite.
 */
const pgUrl = process.env['PG_TEST_URL'];
(pgUrl ? describe : describe.skip)('API on PostgreSQL', () => {
  let api: ApiServer;
  let admin: Client;
  const database = `helpdesk_e2e_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(pgUrl as string);
    url.pathname = `/${database}`;
    // 50 texts of a kind at most for a ranked search: the burst of 100 tickets goes past it.
    api = await startApi({ DATABASE_URL: url.toString(), SEARCH_RANK_LIMIT: '50' });
  });
  afterAll(async () => {
    await api?.stop();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  it('reports PostgreSQL in the health check', async () => {
    expect((await request(api.url).get('/api/health')).body).toMatchObject({
      database: 'up',
      dialect: 'postgresql',
    });
  });

  it('gives 100 concurrent creations 100 distinct ticket numbers, found by number with isolation', async () => {
    const customer = await registerCustomer(api.url, 'pg.burst@example.com');
    const stranger = await registerCustomer(api.url, 'pg.burst.stranger@example.com');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(api.url)
          .post('/api/tickets')
          .set('Authorization', customer.auth)
          .send({ subject: `Burst ${i}`, description: 'D' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const numbers = results.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(100);
    for (const number of numbers) expect(number).toMatch(/^TICK-\d{8}-\d{4}$/);
    const [first] = results;
    const byNumber = await request(api.url)
      .get(`/api/tickets/${first.body.number}`)
      .set('Authorization', customer.auth);
    expect(byNumber.body.id).toBe(first.body.id);
    expectError(
      await request(api.url).get(`/api/tickets/${first.body.number}`).set('Authorization', stranger.auth),
      404,
      'NOT_FOUND',
    );
    const history = await request(api.url)
      .get(`/api/tickets/${first.body.number}/history`)
      .set('Authorization', customer.auth);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['created']);
    // Several words that more than 50 texts hold: the newest 50 of those texts, an estimate; one
    // word the same; the stranger's own texts hold none.
    const search = (session: { auth: string }, q: string) =>
      request(api.url).get('/api/tickets').query({ q }).set('Authorization', session.auth);
    expect((await search(customer, 'burst d')).body).toMatchObject({ total: 50, totalIsEstimate: true });
    expect((await search(customer, 'burst')).body).toMatchObject({ total: 50, totalIsEstimate: true });
    expect((await search(stranger, 'burst d')).body).toMatchObject({ total: 0, totalIsEstimate: false });
  });

  it('walks a ticket through its life cycle with search, priority sort and isolation', async () => {
    const customer = await registerCustomer(api.url, 'pg.customer@example.com');
    const stranger = await registerCustomer(api.url, 'pg.stranger@example.com');
    const agent = await login(api.url, DEMO.agent);
    const created = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', customer.auth)
      .send({ subject: 'Discount 50% not applied', description: 'At CHECKOUT', priority: 'urgent' });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const search = await request(api.url)
      // Full-text: `%` is no word, so this finds "Discount 50%" (and not the burst's "Burst 50").
      .get(`/api/tickets?q=${encodeURIComponent('discount 50%')}`)
      .set('Authorization', agent.auth);
    expect(search.body.items.map((t: { id: number }) => t.id)).toEqual([id]);
    expect(
      (await request(api.url).get('/api/tickets?q=checkout').set('Authorization', agent.auth)).body.total,
    ).toBe(1);
    // The status counts of a search of one word read its newest matches, unranked, on PostgreSQL too.
    expect(
      (await request(api.url).get('/api/tickets/counts?q=checkout').set('Authorization', agent.auth)).body,
    ).toMatchObject({ counts: { open: 1 }, total: 1, totalIsEstimate: false });
    const sorted = await request(api.url)
      .get('/api/tickets?sort=-priority&pageSize=3')
      .set('Authorization', agent.auth);
    expect(sorted.body.items[0].priority).toBe('urgent');
    // Keyset pages on PostgreSQL: following nextCursor gives the same order as one big page.
    const walked: number[] = [];
    for (let page = sorted; ;) {
      walked.push(...page.body.items.map((t: { id: number }) => t.id));
      if (!page.body.nextCursor) break;
      page = await request(api.url)
        .get(`/api/tickets?sort=-priority&pageSize=3&cursor=${page.body.nextCursor}`)
        .set('Authorization', agent.auth);
      expect(page.status).toBe(200);
    }
    const whole = await request(api.url)
      .get('/api/tickets?sort=-priority&pageSize=100')
      .set('Authorization', agent.auth);
    expect(walked.slice(0, 100)).toEqual(whole.body.items.map((t: { id: number }) => t.id));
    expect(new Set(walked).size).toBe(whole.body.total);
    const counts = (await request(api.url).get('/api/tickets/counts').set('Authorization', customer.auth))
      .body;
    expect(counts).toEqual({
      counts: { open: 1, in_progress: 0, waiting_on_customer: 0, resolved: 0, closed: 0, reopened: 0 },
      total: 1,
      totalIsEstimate: false,
    });

    expect(
      (await request(api.url).post(`/api/tickets/${id}/assign`).set('Authorization', agent.auth).send({}))
        .body.status,
    ).toBe('in_progress');
    await request(api.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'note', internal: true });
    await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', agent.auth)
      .send({ status: 'waiting_on_customer' });
    await request(api.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', customer.auth)
      .send({ content: 'answer' });
    const detail = await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth);
    expect(detail.body).toMatchObject({ status: 'in_progress', replies: [{ content: 'answer' }] });
    expectError(
      await request(api.url).get(`/api/tickets/${id}`).set('Authorization', stranger.auth),
      404,
      'NOT_FOUND',
    );

    await api.restart();
    expect(
      (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).body.status,
    ).toBe('in_progress');
    const url = new URL(pgUrl as string);
    url.pathname = `/${database}`;
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const users = await db.query<{ n: number }>('select count(*)::int as n from users');
      expect(users.rows[0].n).toBe(5 + 4); // seeded once, not again after the restart; 4 registered here
      // The queue's chips come from the counts the trigger maintains: the same as counting the tickets.
      await db.query('update tickets set deleted_at = now() where id = (select min(id) from tickets)');
      const truth = await db.query<{ status: string; n: number }>(
        'select status, count(*)::int as n from tickets where deleted_at is null group by status',
      );
      const chips = (await request(api.url).get('/api/tickets/counts').set('Authorization', agent.auth)).body;
      expect(Object.fromEntries(Object.entries(chips.counts).filter(([, n]) => n))).toEqual(
        Object.fromEntries(truth.rows.map((row) => [row.status, row.n])),
      );
      const mine = await request(api.url)
        .get(`/api/tickets/counts?assigneeId=${agent.id}`)
        .set('Authorization', agent.auth);
      expect(mine.body.counts.in_progress).toBeGreaterThanOrEqual(1);
    } finally {
      await db.end();
    }
  });

  it('pages every date sort by cursor in the order of the database, ties broken by id, without a duplicate or a gap', async () => {
    const agent = await login(api.url, DEMO.agent);
    const pg = new Client({ connectionString: new URL(`/${database}`, pgUrl).toString() });
    await pg.connect();
    try {
      // A third of the tickets share their creation and update hour: only the id tells them apart.
      await pg.query(`update tickets set created_at = date_trunc('hour', created_at),
        updated_at = date_trunc('hour', updated_at) where id % 3 = 0`);
      const cases: Array<[string, string, string]> = [
        ['-createdAt', '', 'created_at desc, id desc'],
        ['createdAt', '', 'created_at asc, id asc'],
        ['-updatedAt', '', 'updated_at desc, id desc'],
        ['updatedAt', 'status=open', 'updated_at asc, id asc'],
        ['-createdAt', 'status=open', 'created_at desc, id desc'],
        ['dueAt', '', 'sla_due_at asc nulls last, id asc'],
      ];
      // The due-time sort meets tickets with a running clock and tickets without one (last).
      const [due] = (
        await pg.query(`select count(*) filter (where sla_due_at is null) as without,
          count(*) filter (where sla_due_at is not null) as with from tickets where deleted_at is null`)
      ).rows;
      expect(Number(due.without)).toBeGreaterThan(0);
      expect(Number(due.with)).toBeGreaterThan(20);
      for (const [sort, filter, order] of cases) {
        const where = filter ? `and status = 'open'` : '';
        const expected = (
          await pg.query(`select id from tickets where deleted_at is null ${where} order by ${order}`)
        ).rows.map((row: { id: number }) => row.id);
        expect(expected.length).toBeGreaterThan(20);
        const walked: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await request(api.url)
            .get(
              `/api/tickets?sort=${sort}&pageSize=7${filter ? `&${filter}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
            )
            .set('Authorization', agent.auth);
          expect(page.status).toBe(200);
          walked.push(...page.body.items.map((t: { id: number }) => t.id));
          cursor = page.body.nextCursor ?? undefined;
        } while (cursor);
        expect({ sort, filter, walked }).toEqual({ sort, filter, walked: expected });
      }
    } finally {
      await pg.end();
    }
  });

  it('stores, links and serves attachments on PostgreSQL', async () => {
    const customer = await registerCustomer(api.url, 'pg.files@example.com');
    const ticket = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', customer.auth)
      .send({ subject: 'Files on PostgreSQL', description: 'See the log' });
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const up = await request(api.url)
      .post(`/api/tickets/${ticket.body.id}/attachments`)
      .set('Authorization', customer.auth)
      .attach('file', Buffer.from('boot ok\n'), { filename: 'boot.log' })
      .attach('file', pdf, { filename: 'Rechnung März.pdf' });
    expect(up.status).toBe(201);
    expect(up.body.items.map((item: { contentType: string }) => item.contentType)).toEqual([
      'text/plain',
      'application/pdf',
    ]);
    const reply = await request(api.url)
      .post(`/api/tickets/${ticket.body.id}/replies`)
      .set('Authorization', customer.auth)
      .send({ content: 'Attached', attachmentIds: [up.body.items[0].id] });
    expect(reply.status).toBe(201);
    const detail = await request(api.url)
      .get(`/api/tickets/${ticket.body.id}`)
      .set('Authorization', customer.auth);
    expect(detail.body.attachments.map((a: { replyId: number | null }) => a.replyId)).toEqual([
      reply.body.id,
      null,
    ]);
    const file = await request(api.url)
      .get(`/api/attachments/${up.body.items[1].id}`)
      .set('Authorization', customer.auth);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf");
  });
});
