import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Client } from 'pg';

import { createOrmOptions } from '../config/mikro-orm.options';
import { listedReplies, matchingReplies, planTicketSearch, SearchDialect } from './ticket-search';

/**
 * The search's SQL on the schema the migrations build, on SQLite always and on PostgreSQL when
 * `PG_TEST_URL` names a server (a scratch database is created and dropped around the suite): the
 * same tickets, the same searches, the same answers. The HTTP side (snippets, isolation, sorting,
 * cursors) is in `apps/api-e2e/src/search.e2e-spec.ts`.
 */
const pgUrl = process.env['PG_TEST_URL'];
const dialects: SearchDialect[] = pgUrl ? ['sqlite', 'postgresql'] : ['sqlite'];

describe.each(dialects)('ticket search SQL on %s', (dialect) => {
  let orm: MikroORM;
  let admin: Client | undefined;
  const scratch = `helpdesk_search_${process.pid}_${Date.now()}`;
  const ids: Record<string, number> = {};
  let connection: ReturnType<EntityManager['getConnection']>;

  const insert = async (sql: string, params: unknown[]): Promise<number> => {
    const rows = await connection.execute<Array<{ id: number }>>(`${sql} returning id`, params);
    return rows[0].id;
  };
  const ticket = (number: string, subject: string, description: string, customer: number, item?: string) =>
    insert(
      'insert into tickets (number, subject, description, affected_item, status, priority, category, customer_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [number, subject, description, item ?? null, 'open', 1, 'general', customer, new Date(), new Date()],
    );
  const reply = (ticketId: number, content: string, internal: boolean) =>
    insert(
      'insert into replies (ticket_id, author_id, content, internal, created_at) values (?, ?, ?, ?, ?)',
      [ticketId, ids['agent'], content, internal, new Date()],
    );

  /** The customer of the seeded printer ticket. */
  const printerCustomer = async (): Promise<number> => {
    const [row] = await connection.execute<Array<{ customer_id: number }>>(
      'select customer_id from tickets where id = ?',
      [ids['printer']],
    );
    return Number(row.customer_id);
  };

  /** The ids the search `q` finds, best first, for staff or a customer. */
  async function search(q: string, staff = true): Promise<number[]> {
    const plan = planTicketSearch(q, { dialect, staff, ranked: true });
    const excluded = plan.excluded ? ` where id not in (${plan.excluded.sql})` : '';
    const rows = await connection.execute<Array<{ id: number }>>(
      `select id from (${plan.matched.sql}) m${excluded} order by score desc, id desc`,
      [...plan.matched.params, ...(plan.excluded?.params ?? [])],
    );
    return rows.map((row) => Number(row.id));
  }
  const named = (...names: string[]) => names.map((name) => ids[name]);

  /**
   * {@link search} ranking only the newest `limit` matching texts of each kind whose ticket passes
   * the list's filters (live tickets; a customer's own when `customer` is given), and whether more matched.
   */
  async function searchNewest(
    q: string,
    limit: number,
    customer?: number,
  ): Promise<{ ids: number[]; capped: boolean }> {
    const filters = customer
      ? { sql: 't.deleted_at is null and t.customer_id = ?', params: [customer] }
      : { sql: 't.deleted_at is null', params: [] };
    const plan = planTicketSearch(q, { dialect, staff: !customer, ranked: true, newest: { filters, limit } });
    const rows = await connection.execute<Array<{ id: number; capped: number | string }>>(
      `select id, capped from (${plan.matched.sql}) m order by score desc, id desc`,
      plan.matched.params,
    );
    return { ids: rows.map((row) => Number(row.id)), capped: rows.some((row) => Number(row.capped) === 1) };
  }

  beforeAll(async () => {
    let database = ':memory:';
    if (dialect === 'postgresql') {
      admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${scratch}`);
      const url = new URL(pgUrl as string);
      url.pathname = `/${scratch}`;
      database = url.toString();
    }
    const options = createOrmOptions({ dialect, database });
    orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
    await orm.getMigrator().up();
    connection = (orm.em as EntityManager).getConnection();
    const user = (email: string, role: string) =>
      insert(
        'insert into users (email, first_name, last_name, role, password_hash, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        [email, 'A', 'B', role, 'x', true, new Date(), new Date()],
      );
    ids['agent'] = await user('agent@example.com', 'agent');
    const customer = await user('c@example.com', 'customer');
    ids['printer'] = await ticket(
      'TICK-20261127-0001',
      'Printer jams',
      'The printer on floor 2 jams with paper',
      customer,
    );
    ids['login'] = await ticket('TICK-20261127-0002', 'Login fails', 'Cannot sign in since Monday', customer);
    await reply(ids['login'], 'Please restart the printer and try again', false);
    ids['note'] = await reply(ids['login'], 'Internal: zebra password vault', true);
    ids['toner'] = await ticket(
      'TICK-20261127-0003',
      'Toner empty',
      'The printer toner is empty',
      customer,
      'HP LaserJet',
    );
    ids['cafe'] = await ticket('TICK-20261128-0001', 'Café Übersicht', 'e-mail to a.b@example.com', customer);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (admin) {
      await admin.query(`drop database if exists ${scratch} with (force)`);
      await admin.end();
    }
  });

  it('finds words in every text of a ticket, and a ticket whose words are in different texts', async () => {
    expect(await search('restart')).toEqual(named('login'));
    expect(await search('login restart')).toEqual(named('login'));
    expect(await search('laserjet')).toEqual(named('toner'));
    expect(await search('20261128')).toEqual(named('cafe'));
  });

  it('ranks a ticket with the word in subject and description above one with it once in a reply', async () => {
    const found = await search('printer');
    expect(found[0]).toBe(ids['printer']);
    expect(found[found.length - 1]).toBe(ids['login']);
    expect([...found].sort()).toEqual(named('printer', 'login', 'toner').sort());
  });

  it('finds internal notes for staff only', async () => {
    expect(await search('zebra')).toEqual(named('login'));
    expect(await search('zebra', false)).toEqual([]);
    expect(await search('login -zebra', false)).toEqual(named('login'));
    expect(await search('login -zebra', true)).toEqual([]);
  });

  it('matches phrases, exclusions, prefixes, accents and split words', async () => {
    expect(await search('"printer toner"')).toEqual(named('toner'));
    expect(await search('"toner printer"')).toEqual([]);
    expect(await search('printer -toner')).toEqual(named('printer', 'login'));
    expect(await search('printe')).toHaveLength(3);
    expect(await search('printe jams')).toEqual([]);
    expect(await search('cafe ubersicht')).toEqual(named('cafe'));
    expect(await search('e-mail')).toEqual(named('cafe'));
    expect(await search('b@example')).toEqual(named('cafe'));
    expect((await search('TICK-20261127')).sort()).toEqual(named('printer', 'login', 'toner').sort());
  });

  it('finds a ticket number exactly', async () => {
    expect(await search('tick-20261127-0002')).toEqual(named('login'));
  });

  it('follows edits, moves between public and internal, and deletions', async () => {
    await connection.execute('update tickets set subject = ? where id = ?', ['Kettle leaks', ids['printer']]);
    expect(await search('kettle')).toEqual(named('printer'));
    await connection.execute('update replies set internal = ? where id = ?', [false, ids['note']]);
    expect(await search('zebra', false)).toEqual(named('login'));
    await connection.execute('update replies set internal = ?, content = ? where id = ?', [
      true,
      'Internal: giraffe',
      ids['note'],
    ]);
    expect(await search('zebra')).toEqual([]);
    expect(await search('giraffe', false)).toEqual([]);
    expect(await search('giraffe')).toEqual(named('login'));
    await connection.execute('delete from replies where id = ?', [ids['note']]);
    expect(await search('giraffe')).toEqual([]);
  });

  it('reads the best matching replies of given tickets, internal notes for staff only', async () => {
    const note = await reply(ids['toner'], 'Internal: the printer needs a new drum', true);
    const read = async (staff: boolean) => {
      const plan = planTicketSearch('printer drum', { dialect, staff, ranked: true });
      const statement = matchingReplies(plan, named('login', 'toner'));
      return connection.execute(statement?.sql ?? '', statement?.params ?? []);
    };
    expect(await read(true)).toEqual([
      { ticket_id: ids['login'], content: 'Please restart the printer and try again' },
      { ticket_id: ids['toner'], content: 'Internal: the printer needs a new drum' },
    ]);
    expect(await read(false)).toEqual([
      { ticket_id: ids['login'], content: 'Please restart the printer and try again' },
    ]);
    await connection.execute('delete from replies where id = ?', [note]);
  });

  it('ranks the same tickets with a limit above the matches, and says nothing was left out', async () => {
    for (const q of [
      'printer',
      'printe',
      '"printer toner"',
      'printer -toner',
      'zebra',
      'restart',
      'nothing',
    ]) {
      const all = await search(q);
      expect(await searchNewest(q, 10)).toEqual({ ids: all, capped: false });
    }
  });

  it('ranks only the newest matching texts of each kind past the limit, after filters and exclusions', async () => {
    const other = await insert(
      'insert into users (email, first_name, last_name, role, password_hash, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ['other@example.com', 'O', 'P', 'customer', 'x', true, new Date(), new Date()],
    );
    const customer = await printerCustomer();
    // The customer's walrus ticket is the oldest; three newer ones are another customer's.
    const oldest = await ticket('TICK-20261129-0001', 'Walrus sighted', 'A walrus in the lobby', customer);
    const older = await ticket('TICK-20261129-0002', 'Walrus again', 'The walrus is back', other);
    const newer = await ticket('TICK-20261129-0003', 'Walrus and narwhal', 'A walrus and a narwhal', other);
    const newest = await ticket('TICK-20261129-0004', 'Walrus!', 'Walrus walrus walrus', other);
    try {
      // The newest text past the limit is read, to know that more match, but not ranked.
      expect(await searchNewest('walrus', 1)).toEqual({ ids: [newest], capped: true });
      // Unranked (the status counts), the same newest texts, unscored, listing no replies.
      const unranked = async (q: string) => {
        const plan = planTicketSearch(q, {
          dialect,
          staff: true,
          ranked: false,
          newest: { filters: { sql: 't.deleted_at is null', params: [] }, limit: 3, always: true },
        });
        expect(plan.listsReplies).toBe(false);
        const excluded = plan.excluded ? ` where id not in (${plan.excluded.sql})` : '';
        const rows = await connection.execute<Array<{ id: number; score: number; capped: number }>>(
          `select id, score, capped, replies from (${plan.matched.sql}) m${excluded} order by id`,
          [...plan.matched.params, ...(plan.excluded?.params ?? [])],
        );
        return rows.map((row) => Object.values(row).map((value) => (value === null ? null : Number(value))));
      };
      const byId = (a: number, b: number) => a - b;
      expect(await unranked('walrus')).toEqual(
        [older, newer, newest].sort(byId).map((id) => [id, 0, 1, null]),
      );
      expect(await unranked('walrus -narwhal')).toEqual(
        [oldest, older, newest].sort(byId).map((id) => [id, 0, 0, null]),
      );
      const three = await searchNewest('walrus', 3);
      expect({ ...three, ids: three.ids.sort() }).toEqual({
        ids: [older, newer, newest].sort(),
        capped: true,
      });
      expect((await searchNewest('walrus', 4)).ids.sort()).toEqual([oldest, older, newer, newest].sort());
      expect((await searchNewest('walrus', 4)).capped).toBe(false);
      // The filters come first: the customer's older match is not crowded out by others' newer ones.
      expect(await searchNewest('walrus', 1, customer)).toEqual({ ids: [oldest], capped: false });
      // Exclusions and deletions too.
      expect(await searchNewest('walrus -narwhal', 1)).toEqual({ ids: [newest], capped: true });
      await connection.execute('update tickets set deleted_at = ? where id = ?', [new Date(), newest]);
      expect(await searchNewest('walrus', 1)).toEqual({ ids: [newer], capped: true });
      // A reply is a text of its own kind, with its own newest texts.
      const note = await reply(oldest, 'Internal: the walrus left', true);
      expect((await searchNewest('walrus', 1)).ids.sort()).toEqual([oldest, newer].sort());
      await connection.execute('delete from replies where id = ?', [note]);
    } finally {
      await connection.execute(`delete from tickets where id in (?, ?, ?, ?)`, [
        oldest,
        older,
        newer,
        newest,
      ]);
    }
  });

  it("finds a customer's match behind many newer matches of other customers, in tickets and in replies", async () => {
    const other = await insert(
      'insert into users (email, first_name, last_name, role, password_hash, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ['other.beluga@example.com', 'O', 'B', 'customer', 'x', true, new Date(), new Date()],
    );
    const customer = await printerCustomer();
    const mine = await ticket('TICK-20261130-0001', 'Beluga seen', 'A beluga in the harbour', customer);
    const myReply = await reply(mine, 'The beluga came back', false);
    // More newer matches of another customer than PostgreSQL's first read of the newest looks at
    // (four times the texts read: 8 for a limit of 1), in the tickets' fields and in replies.
    const theirs: number[] = [];
    for (let i = 0; i < 12; i++) {
      theirs.push(await ticket(`TICK-20261130-${String(i + 2).padStart(4, '0')}`, `Beluga ${i}`, 'D', other));
      await reply(theirs[i], `Beluga reply ${i}`, false);
    }
    try {
      expect(await searchNewest('beluga', 1, customer)).toEqual({ ids: [mine], capped: false });
      expect(await searchNewest('beluga', 1)).toEqual({ ids: [theirs[11]], capped: true });
      // One of the customer's matching tickets among the newest, another behind the others': fewer
      // pass in the first read than are asked for (two: one more than the limit), so every match
      // is read, and the search knows more tickets matched than it ranked. (Its reply, a text of
      // another kind, is ranked on its own.)
      theirs.push(await ticket('TICK-20261130-0014', 'Beluga again', 'D', customer));
      const sorted = async (limit: number) => {
        const found = await searchNewest('beluga', limit, customer);
        return { ...found, ids: found.ids.sort((a, b) => a - b) };
      };
      expect(await sorted(1)).toEqual({ ids: [mine, theirs[12]], capped: true });
      expect(await sorted(2)).toEqual({ ids: [mine, theirs[12]], capped: false });
      await connection.execute('delete from tickets where id = ?', [theirs.pop()]);
      // The customer's match only in a reply: found the same way.
      await connection.execute(
        "update tickets set subject = 'Whale seen', description = 'In the harbour' where id = ?",
        [mine],
      );
      expect(await searchNewest('beluga', 1, customer)).toEqual({ ids: [mine], capped: false });
      await connection.execute('delete from replies where id = ?', [myReply]);
      expect(await searchNewest('beluga', 1, customer)).toEqual({ ids: [], capped: false });
    } finally {
      await connection.execute(
        `delete from tickets where id in (${[mine, ...theirs].map(() => '?').join(', ')})`,
        [mine, ...theirs],
      );
    }
  });

  it("lists each ticket's newest ranked matching replies for the snippets, internal notes for staff only", async () => {
    const customer = await printerCustomer();
    const walrus = await ticket('TICK-20261130-0001', 'Seal colony', 'Counting seals', customer);
    const first = await reply(walrus, 'A walrus joined the seals', false);
    const second = await reply(walrus, 'The walrus is still there', false);
    const note = await reply(walrus, 'Internal: walrus permit expired', true);
    const fourth = await reply(walrus, 'Walrus moved on', false);
    await reply(walrus, 'Nothing new today', false);
    /** The `replies` the plan lists for the ticket, newest first, and the snippets' statement's answer. */
    const listed = async (limit: number, staff: boolean) => {
      const filters = staff
        ? { sql: 't.deleted_at is null', params: [] }
        : { sql: 't.deleted_at is null and t.customer_id = ?', params: [customer] };
      const plan = planTicketSearch('walrus', { dialect, staff, ranked: true, newest: { filters, limit } });
      expect(plan.listsReplies).toBe(true);
      const rows = await connection.execute<Array<{ id: number; replies: string | null }>>(
        `select id, replies from (${plan.matched.sql}) m where id = ?`,
        [...plan.matched.params, walrus],
      );
      const replyIds = (rows[0]?.replies ?? '').split(',').filter(Boolean).map(Number);
      return { replyIds: [...replyIds].sort((a, b) => b - a), plan };
    };
    try {
      // At most three, the newest first; notes are a kind of their own (with their own newest).
      expect((await listed(10, true)).replyIds).toEqual([fourth, note, second]);
      expect((await listed(10, false)).replyIds).toEqual([fourth, second, first]);
      // Only the ranked ones: past the limit, the newest of each kind.
      expect((await listed(1, true)).replyIds).toEqual([fourth, note]);
      // Read by key, newest first; a note named to a customer's search (one made internal since) is left out.
      const { plan } = await listed(10, false);
      const statement = listedReplies(plan, [second, note, fourth]);
      expect(await connection.execute(statement?.sql ?? '', statement?.params ?? [])).toEqual([
        { ticket_id: walrus, content: 'Walrus moved on' },
        { ticket_id: walrus, content: 'The walrus is still there' },
      ]);
      expect(listedReplies(plan, [])).toBeNull();
      // Searches that do not list them say so, with a null column.
      const unlisted = planTicketSearch('walrus seals', { dialect, staff: true, ranked: true });
      expect(unlisted.listsReplies).toBe(false);
      const [row] = await connection.execute<Array<{ replies: string | null }>>(
        `select replies from (${unlisted.matched.sql}) m`,
        unlisted.matched.params,
      );
      expect(row.replies).toBeNull();
    } finally {
      await connection.execute('delete from replies where ticket_id = ?', [walrus]);
      await connection.execute('delete from tickets where id = ?', [walrus]);
    }
  });

  it('reads the newest texts holding every word of several when they are many, and every match otherwise', async () => {
    const customer = await printerCustomer();
    const oldest = await ticket('TICK-20261201-0001', 'Otter and beaver', 'By the river', customer);
    const apart = await ticket('TICK-20261201-0002', 'Otter seen', 'On the bank', customer);
    const note = await reply(apart, 'Internal: a beaver too', true);
    const newer = await ticket('TICK-20261201-0003', 'Otter beaver dam', 'Upstream', customer);
    const newest = await ticket('TICK-20261201-0004', 'Beaver otter pond', 'Downstream', customer);
    /** What `TicketQueries.settle` would read for `q` with at most `limit` texts of each kind. */
    const settled = async (q: string, limit: number, staff = true) => {
      const filters = staff
        ? { sql: 't.deleted_at is null', params: [] }
        : { sql: 't.deleted_at is null and t.customer_id = ?', params: [customer] };
      const plan = planTicketSearch(q, { dialect, staff, ranked: true, newest: { filters, limit } });
      if (!plan.several) throw new Error(`${q} is no search of several terms`);
      const [probe] = await connection.execute<Array<{ capped: number | string }>>(
        plan.several.probe.sql,
        plan.several.probe.params,
      );
      const capped = Number(probe.capped) === 1;
      const matched = capped ? plan.several.window : plan.matched;
      const excluded = plan.excluded ? ` where id not in (${plan.excluded.sql})` : '';
      const rows = await connection.execute<Array<{ id: number; capped: number | string }>>(
        `select id, capped from (${matched.sql}) m${excluded} order by id`,
        [...matched.params, ...(plan.excluded?.params ?? [])],
      );
      return {
        capped,
        ids: rows.map((row) => Number(row.id)),
        windowCapped: rows.some((r) => Number(r.capped) === 1),
      };
    };
    try {
      // Few enough: every match, words in different texts of a ticket included (for staff, a note).
      expect(await settled('otter beaver', 10)).toEqual({
        capped: false,
        ids: [oldest, apart, newer, newest],
        windowCapped: false,
      });
      expect((await settled('otter beaver', 10, false)).ids).toEqual([oldest, newer, newest]);
      // Many: the newest texts holding both words, the total an estimate.
      expect(await settled('otter beaver', 2)).toEqual({
        capped: true,
        ids: [newer, newest],
        windowCapped: true,
      });
      // A word no text holds, however the database's parser reads it ('½' is no word to
      // PostgreSQL's): nothing matches, through the probe as through every match.
      expect(await settled('otter beaver ½', 2)).toEqual({ capped: false, ids: [], windowCapped: false });
      // Exclusions come first, and the last word is a prefix; exactly at the limit is not capped.
      expect(await settled('otter -dam beav', 2)).toEqual({
        capped: false,
        ids: [oldest, apart, newest],
        windowCapped: false,
      });
    } finally {
      await connection.execute('delete from replies where id = ?', [note]);
      await connection.execute('delete from tickets where id in (?, ?, ?, ?)', [
        oldest,
        apart,
        newer,
        newest,
      ]);
    }
  });

  it('never fails on syntax of either database', async () => {
    for (const q of [
      '"',
      '-',
      '*',
      'OR',
      'NOT',
      'AND',
      'subject:x',
      'NEAR(',
      'a:*',
      "'",
      '\\',
      '!',
      '&|',
      '<->',
      '(',
    ]) {
      await expect(search(q)).resolves.toEqual(expect.any(Array));
      await expect(search(`printer ${q} x`, false)).resolves.toEqual(expect.any(Array));
    }
  });
});
