import request from 'supertest';

import { ApiServer, Session, expectError, registerCustomer, startApi } from './support/api-server';
import { sql } from './support/database';

interface Page {
  items: Array<{ id: number; priority: string; createdAt: string; customer: { id: number } }>;
  total: number;
  totalIsEstimate: boolean;
  page: number | null;
  pageSize: number;
  nextCursor: string | null;
}

/** Inserts `count` tickets for `customerId` straight into SQLite, `at(i)` giving each one's creation (ms). */
async function insertTickets(
  dataDir: string,
  customerId: number,
  count: number,
  prefix: string,
  at: string,
): Promise<void> {
  await sql(
    dataDir,
    `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
     insert into tickets (number, subject, description, status, priority, category, customer_id, created_at, updated_at)
     select ? || i, 'Ticket ' || i, 'Generated', 'open', i % 4, 'general', ?, ${at}, ${at} from n`,
    [count, prefix, customerId],
  );
}

describe('Ticket list: keyset pagination, page limit, bounded totals', () => {
  let api: ApiServer;
  let tess: Session;
  let otto: Session;
  let agent: Session;

  const list = (session: Session, query: string) =>
    request(api.url).get(`/api/tickets${query}`).set('Authorization', session.auth);

  /** Follows `nextCursor` from the first page of `query` to the end. */
  async function walk(session: Session, query: string): Promise<{ ids: number[]; pages: number }> {
    const ids: number[] = [];
    let res = await list(session, query);
    let pages = 1;
    for (;;) {
      expect(res.status).toBe(200);
      const page = res.body as Page;
      ids.push(...page.items.map((t) => t.id));
      if (!page.nextCursor) {
        expect(res.headers['link']).toBeUndefined();
        return { ids, pages };
      }
      const link = /^<([^>]+)>; rel="next"$/.exec(res.headers['link'] as string);
      expect(link).not.toBeNull();
      // The Link header is the way on: the same query, with the cursor instead of a page.
      res = await request(api.url)
        .get(link?.[1] ?? '')
        .set('Authorization', session.auth);
      pages += 1;
    }
  }

  beforeAll(async () => {
    api = await startApi({ SEED: 'false' });
    tess = await registerCustomer(api.url, 'tess@example.com', 'Tess Customer');
    otto = await registerCustomer(api.url, 'otto@example.com', 'Otto Other');
    agent = await registerCustomer(api.url, 'ana@example.com', 'Ana Agent');
    await sql(api.dataDir, `update users set role = 'agent' where id = ?`, [agent.id]);
    // 45 tickets for Tess, in runs of 5 that share one creation time (ties are broken by id)...
    await insertTickets(api.dataDir, tess.id, 45, 'TESS-', `1790000000000 + (i / 5) * 60000`);
    // ...and 10,005 for Otto, enough for the total to be an estimate.
    await insertTickets(api.dataDir, otto.id, 10_005, 'OTTO-', `1780000000000 + i * 1000`);
  }, 60_000);

  afterAll(() => api?.stop());

  it('walks every ticket once, newest first, by following nextCursor and the Link header', async () => {
    const { ids, pages } = await walk(tess, '?pageSize=20');
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(45);
    const all = (await list(tess, '?pageSize=100')).body as Page;
    expect(ids).toEqual(all.items.map((t) => t.id));
  });

  it.each(['createdAt', '-updatedAt', 'priority', '-priority'])(
    'gives the same order by cursor as by one big page with sort=%s',
    async (sort) => {
      const { ids } = await walk(tess, `?pageSize=7&sort=${sort}`);
      const all = (await list(tess, `?pageSize=100&sort=${sort}`)).body as Page;
      expect(ids).toEqual(all.items.map((t) => t.id));
      expect(new Set(ids).size).toBe(45);
    },
  );

  it('keeps the filters on the next page (the Link header carries them)', async () => {
    const first = await list(agent, '?priority=high&pageSize=5');
    expect(first.status).toBe(200);
    expect(first.headers['link']).toContain('priority=high');
    expect(first.headers['link']).not.toContain('page=');
    const { ids } = await walk(agent, '?priority=high&pageSize=50');
    const all = (await list(agent, '?priority=high&pageSize=100')).body as Page;
    expect(ids.slice(0, 100)).toEqual(all.items.map((t) => t.id));
  });

  it("answers a cursor page with page null, and a customer's cursor never reaches other tickets", async () => {
    const first = (await list(tess, '?pageSize=10')).body as Page;
    expect(first.page).toBe(1);
    const next = await list(otto, `?pageSize=10&cursor=${first.nextCursor}`);
    expect(next.status).toBe(200);
    expect((next.body as Page).page).toBeNull();
    expect((next.body as Page).items.every((t) => t.customer.id === otto.id)).toBe(true);
  });

  it('counts exactly up to 10,000 and says when the total is an estimate', async () => {
    const many = (await list(otto, '')).body as Page;
    expect(many).toMatchObject({ total: 10_000, totalIsEstimate: true });
    const few = (await list(tess, '')).body as Page;
    expect(few).toMatchObject({ total: 45, totalIsEstimate: false });
    // The queue's totals come from the maintained counts: exact at any size.
    const queue = (await list(agent, '?pageSize=1')).body as Page;
    expect(queue).toMatchObject({ total: 10_050, totalIsEstimate: false });
    const open = (await list(agent, '?status=open&unassigned=true&pageSize=1')).body as Page;
    expect(open).toMatchObject({ total: 10_050, totalIsEstimate: false });
    // A filter the counts cannot answer is counted, up to the limit.
    const high = (await list(agent, '?priority=high&pageSize=1')).body as Page;
    expect(high).toMatchObject({ total: 2512, totalIsEstimate: false });
  });

  it('keeps the maintained counts exact through creation, assignment, status changes and deletion', async () => {
    const truth = async (): Promise<Record<string, number>> => {
      const rows = await sql<{ status: string; n: number }>(
        api.dataDir,
        'select status, count(*) as n from tickets where deleted_at is null group by status',
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    };
    const chips = async (query = ''): Promise<Record<string, number>> => {
      const counts = (await list(agent, `/counts${query}`)).body.counts as Record<string, number>;
      return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    };
    const created = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', tess.auth)
      .send({ subject: 'Counted ticket', description: 'For the counts' });
    const id = created.body.id as number;
    const assign = await request(api.url)
      .post(`/api/tickets/${id}/assign`)
      .set('Authorization', agent.auth)
      .send({});
    expect(assign.status).toBe(200);
    expect(await chips(`?assigneeId=${agent.id}`)).toEqual({ in_progress: 1 });
    expect(await chips()).toEqual(await truth());
    const resolve = await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', agent.auth)
      .send({ status: 'resolved' });
    expect(resolve.status).toBe(200);
    expect(await chips(`?assigneeId=${agent.id}`)).toEqual({ resolved: 1 });
    expect(await chips('?unassigned=false')).toEqual({ resolved: 1 });
    await sql(api.dataDir, 'update tickets set deleted_at = 1 where id = ?', [id]);
    expect(await chips(`?assigneeId=${agent.id}`)).toEqual({});
    expect(await chips()).toEqual(await truth());
    expect((await list(agent, '?pageSize=1')).body.total).toBe(10_050);
  });

  it('exports changes incrementally: updatedSince with sort=updatedAt, oldest change first, by cursor', async () => {
    // Tess's tickets were last updated at 1790000000000 + (i / 5) minutes: ask from the 6th minute on.
    const since = new Date(1790000000000 + 6 * 60_000).toISOString();
    const { ids } = await walk(tess, `?updatedSince=${since}&sort=updatedAt&pageSize=4`);
    const expected = await sql<{ id: number }>(
      api.dataDir,
      'select id from tickets where customer_id = ? and updated_at >= ? and deleted_at is null order by updated_at, id',
      [tess.id, 1790000000000 + 6 * 60_000],
    );
    expect(ids).toEqual(expected.map((row) => row.id));
    expect(ids.length).toBeGreaterThan(4);
    const page = (await list(tess, `?updatedSince=${since}`)).body as Page;
    expect(page.total).toBe(expected.length);
    // An instant without a time zone, or not a date, is refused.
    expectError(await list(tess, '?updatedSince=2026-11-26T09:00:00'), 400, 'VALIDATION_FAILED');
    expectError(await list(tess, '?updatedSince=yesterday'), 400, 'VALIDATION_FAILED');
  });

  it('serves page 100 and refuses page 101 with a pointer to cursor', async () => {
    const hundred = await list(otto, '?page=100&pageSize=100');
    expect(hundred.status).toBe(200);
    expect((hundred.body as Page).items).toHaveLength(100);
    const deeper = await list(otto, '?page=101');
    const body = expectError(deeper, 400, 'PAGE_TOO_DEEP');
    expect(body['message']).toContain('cursor');
  });

  it('refuses cursors it did not give, or gave for another sort, or with page', async () => {
    const first = (await list(tess, '?pageSize=5')).body as Page;
    expectError(await list(tess, `?cursor=${first.nextCursor}&page=2`), 400, 'INVALID_CURSOR');
    const other = expectError(
      await list(tess, `?cursor=${first.nextCursor}&sort=priority`),
      400,
      'INVALID_CURSOR',
    );
    expect(other['message']).toContain('-createdAt');
    expectError(await list(tess, '?cursor=bm90LWpzb24'), 400, 'INVALID_CURSOR');
    const forged = Buffer.from(JSON.stringify({ s: '-createdAt', k: ['1; drop table tickets', 1] })).toString(
      'base64url',
    );
    expectError(await list(tess, `?cursor=${forged}`), 400, 'INVALID_CURSOR');
    expectError(await list(tess, '?cursor=not%20base64!'), 400, 'VALIDATION_FAILED');
    expectError(await list(tess, `?cursor=${'A'.repeat(201)}`), 400, 'VALIDATION_FAILED');
  });

  describe('keyword search through the full-text index', () => {
    const subjects = (res: request.Response) =>
      (res.body as { items: Array<{ subject: string }> }).items.map((t) => t.subject);
    let id: number;

    beforeAll(async () => {
      const res = await request(api.url).post('/api/tickets').set('Authorization', tess.auth).send({
        subject: 'Invoice PDF says "EXPORTED" twice',
        description: 'Seen in Übersicht, the overview',
      });
      expect(res.status).toBe(201);
      id = res.body.id;
    });

    it('finds words and the beginning of the last one, in any case, in the subject or the description', async () => {
      expect(subjects(await list(tess, '?q=export'))).toEqual(['Invoice PDF says "EXPORTED" twice']);
      expect(subjects(await list(tess, '?q=INVOICE%20pdf'))).toHaveLength(1);
      expect(subjects(await list(tess, `?q=${encodeURIComponent('übersicht')}`))).toHaveLength(1);
      expect(subjects(await list(tess, `?q=${encodeURIComponent('"EXPORTED"')}`))).toHaveLength(1);
      expect((await list(tess, '?q=zqxjv')).body).toMatchObject({ total: 0, items: [] });
      // Words, not substrings (see search.e2e-spec.ts).
      expect((await list(tess, '?q=xport')).body.total).toBe(0);
    });

    it('keeps the isolation rule and finds short words', async () => {
      expect((await list(otto, '?q=export')).body.total).toBe(0);
      expect(subjects(await list(agent, '?q=PDF'))).toEqual(['Invoice PDF says "EXPORTED" twice']);
    });

    it('follows edits and deletion', async () => {
      const edited = await request(api.url)
        .patch(`/api/tickets/${id}`)
        .set('Authorization', tess.auth)
        .send({ subject: 'Invoice CSV broken' });
      expect(edited.status).toBe(200);
      expect((await list(tess, '?q=exported')).body.total).toBe(0);
      expect(subjects(await list(tess, '?q=csv%20bro'))).toEqual(['Invoice CSV broken']);
      expect(
        (await request(api.url).delete(`/api/tickets/${id}`).set('Authorization', tess.auth)).status,
      ).toBe(204);
      expect((await list(tess, '?q=csv%20bro')).body.total).toBe(0);
    });
  });
});
