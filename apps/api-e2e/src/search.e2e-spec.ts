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
import { ScratchPostgres, scratchPostgres } from './support/scratch-postgres';

interface Item {
  id: number;
  number: string;
  subject: string;
  status: string;
  match: string | null;
}
interface Page {
  items: Item[];
  total: number;
  totalIsEstimate: boolean;
  nextCursor: string | null;
}

/**
 * Full-text search of the ticket list (`q`) over HTTP: replies and internal notes (staff only, also
 * in snippets), phrases, exclusions, prefixes, relevance and its cursors, ticket numbers, filters,
 * and input that is syntax to FTS5 or tsquery. On SQLite always, and the same assertions on
 * PostgreSQL when `PG_TEST_URL` names a server (a scratch database is created and dropped).
 */
const pgUrl = process.env['PG_TEST_URL'];
const databases = pgUrl ? ['sqlite', 'postgresql'] : ['sqlite'];

describe.each(databases)('Ticket search on %s', (database) => {
  let api: ApiServer;
  let postgres: ScratchPostgres | undefined;
  let cara: Session;
  let otto: Session;
  let agent: Session;
  const tickets: Record<string, { id: number; number: string }> = {};

  const list = (session: Session, query: Record<string, string>) =>
    request(api.url).get('/api/tickets').query(query).set('Authorization', session.auth);
  /** The subjects' keys (see {@link tickets}) a search finds, in order. */
  async function found(session: Session, q: string, extra: Record<string, string> = {}): Promise<string[]> {
    const res = await list(session, { q, pageSize: '100', ...extra });
    expect(res.status).toBe(200);
    const byId = new Map(Object.entries(tickets).map(([key, t]) => [t.id, key]));
    return (res.body as Page).items.map((item) => byId.get(item.id) ?? `other:${item.subject}`);
  }
  const matchOf = async (session: Session, q: string, key: string): Promise<string | null | undefined> =>
    ((await list(session, { q, pageSize: '100' })).body as Page).items.find((i) => i.id === tickets[key].id)
      ?.match;

  async function open(key: string, session: Session, subject: string, description: string): Promise<number> {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', session.auth)
      .send({ subject, description });
    expect(res.status).toBe(201);
    tickets[key] = { id: res.body.id, number: res.body.number };
    return res.body.id;
  }
  async function reply(id: number, session: Session, content: string, internal = false): Promise<void> {
    const res = await request(api.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', session.auth)
      .send(internal ? { content, internal } : { content });
    expect(res.status).toBe(201);
  }

  beforeAll(async () => {
    if (database === 'postgresql') postgres = await scratchPostgres(pgUrl as string, 'helpdesk_search_e2e');
    api = await startApi(postgres ? { DATABASE_URL: postgres.url } : {});
    cara = await registerCustomer(api.url, 'cara.search@example.com');
    otto = await registerCustomer(api.url, 'otto.search@example.com');
    agent = await login(api.url, DEMO.agent);

    await open(
      'jams',
      cara,
      'Printer jams on floor two',
      'The office printer jams every morning when printing duplex pages.',
    );
    const signIn = await open('login', cara, 'Cannot sign in', 'The sign-in page spins forever.');
    await reply(signIn, agent, 'Your Kerberos ticket had expired; please try again now.');
    await reply(signIn, agent, 'Kerberos walrus: the vault code is in the red binder.', true);
    await open('toner', cara, 'Cartridge empty', 'The printer toner ran out on Monday.');
    const screen = await open('screen', cara, 'Monitor flickers', 'The screen flickers after lunch.');
    await reply(screen, agent, 'Maybe the printer cable interferes with it.');
    await open('fire', otto, 'Printer on fire', 'Smoke comes out of the printer.');
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    await postgres?.drop();
  });

  it('finds a word that is only in a public reply, for the customer and for staff', async () => {
    expect(await found(cara, 'kerberos')).toEqual(['login']);
    expect(await found(agent, 'kerberos')).toEqual(['login']);
    expect(await matchOf(cara, 'kerberos', 'login')).toBe(
      'Your «Kerberos» ticket had expired; please try again now.',
    );
  });

  it('finds a word only in an internal note for staff, never for the customer, and never shows it to them', async () => {
    expect(await found(agent, 'walrus')).toEqual(['login']);
    expect(await matchOf(agent, 'walrus', 'login')).toBe(
      'Kerberos «walrus»: the vault code is in the red binder.',
    );
    expect(await found(cara, 'walrus')).toEqual([]);
    expect(await found(cara, 'kerberos walrus')).toEqual([]);
    expect(await found(cara, '"red binder"')).toEqual([]);
    // The note holds more of the staff's words; the customer's snippet comes from what they may read.
    expect(await matchOf(agent, 'kerberos vault', 'login')).toContain('«vault»');
    expect(await matchOf(cara, 'kerberos vault', 'login')).toBeUndefined();
    for (const q of ['kerberos', 'kerber', 'kerberos -walrus', 'sign kerberos']) {
      const res = await list(cara, { q });
      expect(JSON.stringify(res.body)).not.toMatch(/walrus|vault|binder/i);
    }
    // Excluding a word of a note keeps the ticket for the customer, who cannot see the note.
    expect(await found(cara, 'kerberos -walrus')).toEqual(['login']);
    expect(await found(agent, 'kerberos -walrus')).toEqual([]);
  });

  it('tells a phrase from words', async () => {
    expect(await found(cara, 'printer morning')).toEqual(['jams']);
    expect(await found(cara, '"printer morning"')).toEqual([]);
    expect(await found(cara, '"office printer jams"')).toEqual(['jams']);
    expect(await found(cara, '"printer toner"')).toEqual(['toner']);
    // Words may be in different texts of the ticket: the subject and a reply.
    expect(await found(cara, 'monitor cable')).toEqual(['screen']);
  });

  it('excludes tickets with -word or -"phrase"', async () => {
    expect((await found(cara, 'printer -toner')).sort()).toEqual(['jams', 'screen']);
    expect((await found(cara, 'printer -"printer cable"')).sort()).toEqual(['jams', 'toner']);
    expect(await found(cara, '-toner')).toEqual([]);
  });

  it('matches the last word typed as a prefix', async () => {
    expect((await found(cara, 'printe')).sort()).toEqual(['jams', 'screen', 'toner']);
    expect(await found(cara, 'dupl')).toEqual(['jams']);
    expect(await matchOf(cara, 'dupl', 'jams')).toBe(
      'The office printer jams every morning when printing «duplex» pages.',
    );
    // Only the last word: an earlier one must be whole.
    expect(await found(cara, 'printe duplex')).toEqual([]);
  });

  it('ranks a ticket with the word in subject and description above one with it once in a reply', async () => {
    const ranked = await found(cara, 'printer');
    expect(ranked[0]).toBe('jams');
    expect(ranked[ranked.length - 1]).toBe('screen');
    expect(ranked.sort()).toEqual(['jams', 'screen', 'toner']);
    // Relevance is the default with q, and may be asked for.
    expect(await found(cara, 'printer', { sort: 'relevance' })).toEqual(await found(cara, 'printer'));
    // Another sort orders the same matches.
    expect(await found(cara, 'printer', { sort: 'createdAt' })).toEqual(['jams', 'toner', 'screen']);
  });

  it('walks relevance pages by cursor in the same order as one page', async () => {
    const whole = await found(agent, 'printer');
    expect(whole.length).toBe(4);
    const walked: string[] = [];
    let res = await list(agent, { q: 'printer', pageSize: '1' });
    for (;;) {
      expect(res.status).toBe(200);
      const page = res.body as Page;
      expect(page.total).toBe(4);
      walked.push(...page.items.map((i) => Object.keys(tickets).find((k) => tickets[k].id === i.id) ?? ''));
      if (!page.nextCursor) break;
      res = await list(agent, { q: 'printer', pageSize: '1', cursor: page.nextCursor });
    }
    expect(walked).toEqual(whole);
    const second = await list(agent, { q: 'printer', pageSize: '1', page: '2' });
    expect(second.body.items[0].id).toBe(tickets[whole[1]].id);
  });

  it('refuses sort=relevance without q, and a relevance cursor for another sort', async () => {
    expectError(await list(agent, { sort: 'relevance' }), 400, 'RELEVANCE_NEEDS_QUERY');
    expectError(await list(agent, { sort: 'relevance', q: '' }), 400, 'RELEVANCE_NEEDS_QUERY');
    const first = (await list(agent, { q: 'printer', pageSize: '1' })).body as Page;
    expectError(
      await list(agent, { q: 'printer', pageSize: '1', sort: '-createdAt', cursor: first.nextCursor ?? '' }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('finds a ticket by its number, with no snippet', async () => {
    const { number } = tickets['toner'];
    for (const q of [number, number.toLowerCase()]) {
      const page = (await list(cara, { q })).body as Page;
      expect(page.items.map((i) => [i.id, i.match])).toEqual([[tickets['toner'].id, null]]);
    }
    expect((await list(otto, { q: number })).body.total).toBe(0);
    // Part of a number is words: the day finds that day's tickets.
    expect((await found(cara, number.slice(5, 13))).length).toBeGreaterThanOrEqual(4);
  });

  it('combines with the status filter, isolation and the per-status counts', async () => {
    const assigned = await request(api.url)
      .post(`/api/tickets/${tickets['toner'].id}/assign`)
      .set('Authorization', agent.auth)
      .send({});
    expect(assigned.body.status).toBe('in_progress');
    expect(await found(cara, 'printer', { status: 'in_progress' })).toEqual(['toner']);
    expect((await found(cara, 'printer', { status: 'open' })).sort()).toEqual(['jams', 'screen']);
    expect(await found(otto, 'printer')).toEqual(['fire']);
    expect((await found(agent, 'printer')).sort()).toEqual(['fire', 'jams', 'screen', 'toner']);
    const counts = await request(api.url)
      .get('/api/tickets/counts')
      .query({ q: 'printer' })
      .set('Authorization', cara.auth);
    expect(counts.body).toMatchObject({ counts: { open: 2, in_progress: 1 }, total: 3 });
  });

  it('gives every item a match: a snippet with q, null without', async () => {
    const plain = (await list(cara, {})).body as Page;
    expect(plain.items.every((i) => i.match === null)).toBe(true);
    expect(await matchOf(cara, 'printer', 'jams')).toBe(
      'The office «printer» jams every morning when printing duplex pages.',
    );
    expect(await matchOf(cara, 'floor', 'jams')).toBe('Printer jams on «floor» two');
  });

  it('follows edits of the ticket', async () => {
    const edited = await request(api.url)
      .patch(`/api/tickets/${tickets['screen'].id}`)
      .set('Authorization', cara.auth)
      .send({ subject: 'Monitor goes black' });
    expect(edited.status).toBe(200);
    expect(await found(cara, 'flickers black')).toEqual(['screen']);
    expect(await found(cara, 'monitor flickers -black')).toEqual([]);
  });

  it.each([
    '"',
    '-',
    '*',
    'OR',
    'subject:x',
    'NEAR(',
    'NEAR(printer, 2)',
    '"unbalanced printer',
    'printer OR "',
    "printer' or 1=1 --",
    '\\',
    '%_%',
    '(printer',
    'printer:*',
    '!printer & <->',
    '😀 printer',
    'מדפסת',
    'e\u0301',
    'x'.repeat(200),
    '" '.repeat(100),
    '- '.repeat(100),
  ])('never fails on %j', async (q) => {
    for (const session of [cara, agent]) {
      const res = await list(session, { q });
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.items)).toBe(true);
      const counts = await request(api.url)
        .get('/api/tickets/counts')
        .query({ q })
        .set('Authorization', session.auth);
      expect(counts.status).toBe(200);
    }
  });

  it('keeps other requests answering while searches flood in', async () => {
    const searches = Array.from({ length: 120 }, (_, i) => list(i % 2 ? agent : cara, { q: 'printer' }));
    const others = Array.from({ length: 10 }, () => list(agent, { status: 'open' }));
    const [searched, answered] = await Promise.all([Promise.all(searches), Promise.all(others)]);
    expect(answered.map((res) => res.status)).toEqual(Array(10).fill(200));
    // Searches past the queue's 64 waiting places may be refused, with a code; none fails.
    for (const res of searched) {
      if (res.status !== 200) expectError(res, 503, 'SERVER_BUSY');
    }
  });

  it('refuses a search longer than 200 characters with a 400', async () => {
    expectError(await list(agent, { q: 'printer '.repeat(125) }), 400, 'VALIDATION_FAILED');
  });
});

/**
 * A search for a common word ranks only the newest matching texts of each kind (`SEARCH_RANK_LIMIT`,
 * 1,000 by default: 2 here, so five tickets are "many"), after the isolation rule and the filters,
 * and says so with `totalIsEstimate`; sorted by date it still pages through every match.
 */
describe('Ticket search of a common word (SQLite)', () => {
  let api: ApiServer;
  let cara: Session;
  let otto: Session;
  let agent: Session;
  const gizmos: number[] = [];

  const list = (session: Session, query: Record<string, string>) =>
    request(api.url).get('/api/tickets').query(query).set('Authorization', session.auth);
  /** Opens a ticket as `session`; returns its id. */
  const open = async (session: Session, subject: string) => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', session.auth)
      .send({ subject, description: 'It stopped working this morning.' });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };

  beforeAll(async () => {
    api = await startApi({ SEARCH_RANK_LIMIT: '2' });
    cara = await registerCustomer(api.url, 'cara.gizmo@example.com');
    otto = await registerCustomer(api.url, 'otto.gizmo@example.com');
    agent = await login(api.url, DEMO.agent);
    // Otto's gizmo ticket is the oldest; Cara's four are newer.
    gizmos.push(await open(otto, 'Gizmo broken'));
    for (let i = 1; i <= 4; i++) gizmos.push(await open(cara, `Gizmo number ${i} broken`));
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('ranks the newest matches and says the total is an estimate; pages and cursors stay within them', async () => {
    const res = await list(agent, { q: 'gizmo' });
    expect(res.status).toBe(200);
    const page = res.body as Page;
    // The two newest tickets.
    expect(page.items.map((item) => item.id).sort()).toEqual(gizmos.slice(3).sort());
    expect(page).toMatchObject({ total: 2, totalIsEstimate: true });
    const walked: number[] = [];
    let next = await list(agent, { q: 'gizmo', pageSize: '1' });
    for (;;) {
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({ total: 2, totalIsEstimate: true });
      walked.push(...(next.body as Page).items.map((item) => item.id));
      if (!next.body.nextCursor) break;
      next = await list(agent, { q: 'gizmo', pageSize: '1', cursor: next.body.nextCursor });
    }
    expect(walked).toEqual(page.items.map((item) => item.id));
  });

  it('reads the newest texts holding several words when many do, and every match when few do', async () => {
    const many = await list(agent, { q: 'gizmo broken' });
    expect(many.status).toBe(200);
    expect((many.body as Page).items.map((item) => item.id).sort()).toEqual(gizmos.slice(3).sort());
    expect(many.body).toMatchObject({ total: 2, totalIsEstimate: true });
    // Words in different texts of a ticket (its subject and a reply): few, so every match is read.
    const replied = await request(api.url)
      .post(`/api/tickets/${gizmos[0]}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'The sprocket needs replacing.' });
    expect(replied.status).toBe(201);
    const apart = await list(agent, { q: 'gizmo sprocket' });
    expect(apart.body).toMatchObject({ total: 1, totalIsEstimate: false });
    expect((apart.body as Page).items.map((item) => item.id)).toEqual([gizmos[0]]);
    expect((await list(cara, { q: 'gizmo sprocket' })).body).toMatchObject({ total: 0, items: [] });
    // The status counts settle the same way.
    const counted = await request(api.url)
      .get('/api/tickets/counts')
      .query({ q: 'gizmo sprocket' })
      .set('Authorization', agent.auth);
    expect(counted.body).toMatchObject({ total: 1, totalIsEstimate: false });
    // A customer's probe counts only their own texts: Otto's one ticket, exactly.
    expect((await list(otto, { q: 'gizmo broken' })).body).toMatchObject({
      total: 1,
      totalIsEstimate: false,
    });
    // Cursors walk the window as the first page ranked it.
    const walked: number[] = [];
    let next = await list(agent, { q: 'gizmo broken', pageSize: '1' });
    for (;;) {
      expect(next.body).toMatchObject({ total: 2, totalIsEstimate: true });
      walked.push(...(next.body as Page).items.map((item) => item.id));
      if (!next.body.nextCursor) break;
      next = await list(agent, { q: 'gizmo broken', pageSize: '1', cursor: next.body.nextCursor });
    }
    expect(walked).toEqual((many.body as Page).items.map((item) => item.id));
  });

  it('pages through every match when sorted by date, exactly counted', async () => {
    const res = await list(agent, { q: 'gizmo', sort: 'createdAt' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, totalIsEstimate: false });
    expect((res.body as Page).items.map((item) => item.id)).toEqual(gizmos);
  });

  it("applies the isolation rule first: other customers' newer matches do not hide a customer's own", async () => {
    const res = await list(otto, { q: 'gizmo' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, totalIsEstimate: false });
    expect((res.body as Page).items.map((item) => item.id)).toEqual([gizmos[0]]);
  });

  it('counts per status what the list shows as it is sorted, and says so; the isolation rule first', async () => {
    const counts = (session: Session, query: Record<string, string>) =>
      request(api.url).get('/api/tickets/counts').query(query).set('Authorization', session.auth);
    const staff = await counts(agent, { q: 'gizmo' });
    expect(staff.status).toBe(200);
    // The two newest tickets, as the list's total: not all five.
    expect(staff.body).toMatchObject({ counts: { open: 2 }, total: 2, totalIsEstimate: true });
    const own = await counts(otto, { q: 'gizmo' });
    expect(own.body).toMatchObject({ counts: { open: 1 }, total: 1, totalIsEstimate: false });
    // Sorted by date, as that list pages through every match, every match counts.
    expect((await counts(agent, { q: 'gizmo', sort: '-createdAt' })).body).toMatchObject({
      total: 5,
      totalIsEstimate: false,
    });
    // Several words held by many texts: the same newest texts; no search at all counts every ticket.
    expect((await counts(agent, { q: 'gizmo broken' })).body).toMatchObject({
      total: 2,
      totalIsEstimate: true,
    });
    expect((await counts(cara, {})).body).toMatchObject({ total: 4, totalIsEstimate: false });
  });

  it("keeps a several-word search's first page's reading through its cursors, whatever is written meanwhile", async () => {
    const dana = await registerCustomer(api.url, 'dana.quokka@example.com');
    // The words apart (subject and reply) in one ticket, together in another: few texts hold both,
    // so the first page reads every match.
    const apart = await open(dana, 'Quokka feeder');
    const replied = await request(api.url)
      .post(`/api/tickets/${apart}/replies`)
      .set('Authorization', dana.auth)
      .send({ content: 'It is wombat-proof, they said.' });
    expect(replied.status).toBe(201);
    const together = await open(dana, 'Quokka and wombat feeder');
    const first = await list(dana, { q: 'quokka wombat', pageSize: '1' });
    expect(first.body).toMatchObject({ total: 2, totalIsEstimate: false, items: [{ id: together }] });
    // Now more texts than the limit (2) hold both words: a new search would read only the newest of them.
    await open(dana, 'Quokka meets wombat');
    await open(dana, 'Wombat and quokka again');
    expect((await list(dana, { q: 'quokka wombat' })).body).toMatchObject({ totalIsEstimate: true });
    // The cursor continues every match, so the ticket with the words apart is still reached.
    const rest: number[] = [];
    let next = await list(dana, { q: 'quokka wombat', pageSize: '1', cursor: first.body.nextCursor });
    for (;;) {
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({ totalIsEstimate: false });
      rest.push(...(next.body as Page).items.map((item) => item.id));
      if (!next.body.nextCursor) break;
      next = await list(dana, { q: 'quokka wombat', pageSize: '1', cursor: next.body.nextCursor });
    }
    // (Scores moved with the new texts, so a ticket may show again: see TicketCursor.)
    expect(rest).toContain(apart);
  });
});
