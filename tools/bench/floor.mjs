#!/usr/bin/env node
/**
 * The benchmark's floor: the least a server can do to answer the API's hot requests, with no
 * framework and no ORM. `node:http` and `sqlite3` (the driver MikroORM's SQLite driver uses), on the
 * same database file as the API and with the same connections (one writer, `DB_POOL_SIZE` read-only
 * readers, WAL), doing the same work per request:
 *
 * - every request: an HS256 bearer token checked with `node:crypto`, its user read (and kept 5 s, as
 *   the API does) to know the role and that they are active;
 * - `GET /api/tickets[?status=&assigneeId=&q=&cursor=]`: the page of 20 joined with customer and
 *   assignee, newest first, one more row to know if a next page exists, and the count of matches up
 *   to 10,001 (staff filtering at most by status and assignee: the sum of the maintained counts);
 *   a customer sees only their own tickets; `q` through the full-text indexes with the API's SQL,
 *   best match first, with the `match` snippet of each ticket (see `search`);
 * - `GET /api/tickets/:id`: the ticket joined with its people, and its thread with authors (internal
 *   notes hidden from customers);
 * - `POST /api/tickets`: in one transaction, the day's ticket number, the ticket, its history row,
 *   the acknowledgement e-mail in the outbox and the notification of the agents;
 * - `POST /api/tickets/:id/replies`: in one transaction, the reply, the ticket's version and times,
 *   the history row, the customer's notification and e-mail.
 *
 * Responses are JSON of the same shape as the API's. Run by `tools/bench/tickets.bench.mjs`:
 * `node tools/bench/floor.mjs <database file>` with PORT, JWT_SECRET and DB_POOL_SIZE in the environment.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

import sqlite3 from 'sqlite3';

const file = process.argv[2];
const PORT = Number(process.env.PORT);
const SECRET = process.env.JWT_SECRET;
const READERS = Number(process.env.DB_POOL_SIZE ?? 4);
const PAGE_SIZE = 20;
const COUNT_LIMIT = 10_001;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'];

function open(readOnly) {
  const db = new sqlite3.Database(file);
  db.exec(
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;${readOnly ? ' PRAGMA query_only = ON;' : ''}`,
  );
  return db;
}
const writer = open(false);
const readers = Array.from({ length: READERS }, () => open(true));
let next = 0;
const reader = () => readers[next++ % readers.length];

/**
 * Each connection's statements, prepared once and run again with new parameters, as the API's
 * SQLite driver keeps them (`sqlite-statement-cache.ts`); a statement that fails is reset before
 * the error goes on, so it does not stay "in progress" in the writer's transaction.
 */
const statements = new WeakMap();
function statement(db, sql) {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}
const all = (db, sql, params = []) =>
  new Promise((done, fail) => {
    const prepared = statement(db, sql);
    prepared.all(params, (error, rows) => (error ? prepared.reset(() => fail(error)) : done(rows)));
  });
/** The first row: read with `all`, which runs the statement to its end (a `get` leaves it running). */
const get = async (db, sql, params) => (await all(db, sql, params))[0];
const run = (db, sql, params = []) =>
  new Promise((done, fail) => {
    const prepared = statement(db, sql);
    prepared.run(params, function (error) {
      if (error) prepared.reset(() => fail(error));
      else done({ lastID: this.lastID, changes: this.changes });
    });
  });

/** The writer runs one transaction at a time, as the API's single writer connection does. */
let writing = Promise.resolve();
function transaction(work) {
  const result = writing.then(async () => {
    await run(writer, 'begin immediate');
    try {
      const value = await work();
      await run(writer, 'commit');
      return value;
    } catch (error) {
      await run(writer, 'rollback');
      throw error;
    }
  });
  writing = result.catch(() => undefined);
  return result;
}

const users = new Map();
async function userOf(id) {
  const cached = users.get(id);
  if (cached && cached.until > Date.now()) return cached.user;
  const row = await get(reader(), 'select * from users where id = ? and active = 1 limit 1', [id]);
  const user = row && {
    id: row.id,
    role: row.role,
    email: row.email,
    name: `${row.first_name} ${row.last_name}`.trim(),
  };
  users.set(id, { user, until: Date.now() + 5000 });
  return user;
}

function verify(header) {
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const [head, body, signature] = token.split('.');
  if (!signature) return null;
  const expected = createHmac('sha256', SECRET).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return null;
  return Number(payload.sub);
}

const iso = (ms) => (ms == null ? null : new Date(ms).toISOString());
const PEOPLE = `c.id as c_id, c.email as c_email, c.first_name as c_first, c.last_name as c_last,
  a.id as a_id, a.email as a_email, a.first_name as a_first, a.last_name as a_last`;
const JOINS = 'join users c on c.id = t.customer_id left join users a on a.id = t.assignee_id';

function ticketOf(row, staff) {
  return {
    id: row.id,
    number: row.number,
    version: row.version,
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: PRIORITIES[row.priority],
    category: row.category,
    contactNumber: row.contact_number,
    affectedItem: row.affected_item,
    customer: { id: row.c_id, name: `${row.c_first} ${row.c_last}`.trim(), email: row.c_email },
    assignee:
      row.a_id == null
        ? null
        : staff
          ? { id: row.a_id, name: `${row.a_first} ${row.a_last}`.trim(), email: row.a_email }
          : { id: row.a_id, name: `${row.a_first} ${row.a_last}`.trim() },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    firstResponseAt: iso(row.first_response_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
  };
}

async function list(url, user) {
  const staff = user.role !== 'customer';
  const where = ['t.deleted_at is null'];
  const params = [];
  if (!staff) where.push('t.customer_id = ?') && params.push(user.id);
  const statuses = url.searchParams.getAll('status').flatMap((s) => s.split(','));
  if (statuses.length)
    where.push(`t.status in (${statuses.map(() => '?').join(',')})`) && params.push(...statuses);
  const assignee = url.searchParams.get('assigneeId');
  if (assignee) where.push('t.assignee_id = ?') && params.push(Number(assignee));
  const q = url.searchParams.get('q');
  if (q) return search(q, staff, where, params);
  const seek = [...where];
  const seekParams = [...params];
  const cursor = url.searchParams.get('cursor');
  if (cursor) {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    // The API's keyset condition: a range on the first sort column, then the tie-breaker.
    seek.push('t.created_at <= ? and (t.created_at < ? or (t.created_at = ? and t.id < ?))');
    seekParams.push(at, at, at, id);
  }
  // Staff filtered at most by status and assignee: the total from the maintained counts, as the API does.
  const counted = staff && !q;
  const countSql = counted
    ? `select sum(count) as count from ticket_counts where 1 = 1${statuses.length ? ` and status in (${statuses.map(() => '?').join(',')})` : ''}${assignee ? ' and assignee_id = ?' : ''}`
    : `select count(*) as count from (select 1 from tickets t where ${where.join(' and ')} limit ?)`;
  const countParams = counted
    ? [...statuses, ...(assignee ? [Number(assignee)] : [])]
    : [...params, COUNT_LIMIT];
  const [rows, count] = await Promise.all([
    all(
      reader(),
      `select t.*, ${PEOPLE} from tickets t ${JOINS} where ${seek.join(' and ')} order by t.deleted_at desc, t.created_at desc, t.id desc limit ?`,
      [...seekParams, PAGE_SIZE + 1],
    ),
    get(reader(), countSql, countParams),
  ]);
  const items = rows.slice(0, PAGE_SIZE);
  const last = items[items.length - 1];
  return {
    items: items.map((row) => ({ ...ticketOf(row, staff), match: null })),
    total: counted ? count.count : Math.min(count.count, COUNT_LIMIT - 1),
    totalIsEstimate: !counted && count.count >= COUNT_LIMIT,
    page: cursor ? null : 1,
    pageSize: PAGE_SIZE,
    nextCursor:
      rows.length > PAGE_SIZE
        ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url')
        : null,
  };
}

/** A word as the search indexes cut text (see `ticket-search-query.ts`). */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** The newest matching texts of each kind a search ranks (the API's `SEARCH_RANK_LIMIT`). */
const RANK_LIMIT = Number(process.env.SEARCH_RANK_LIMIT ?? 1000);

/**
 * The API's search SQL (`planTicketSearch`, `listedReplies`) for a search of one word, which is
 * what the benchmark sends: the word (a prefix from three characters) in the ticket's own fields,
 * its public replies and, for staff, its internal notes, each read newest first through its index
 * with the ticket's filters and stopped after `RANK_LIMIT` + 1 texts; ranked with bm25, best first;
 * the page counts the ranked tickets in the same statement and lists each ticket's newest ranked
 * matching replies (three at most), which are then read by key for the snippets.
 */
async function search(q, staff, where, params) {
  const [word = ''] = q.toLowerCase().match(WORD) ?? [];
  const term = `"${word}"${[...word].length >= 3 ? '*' : ''}`;
  const replies = staff ? ['tickets_search_replies', 'tickets_search_notes'] : ['tickets_search_replies'];
  const filters = where.join(' and ');
  const hits = [
    `select tickets_search.rowid as id, -bm25(tickets_search, 1.0, 4.0, 2.0, 2.0) as score, 0 as source, tickets_search.rowid as k
      from tickets_search cross join tickets t where tickets_search match ? and t.id = tickets_search.rowid and ${filters}
      order by tickets_search.rowid desc limit ${RANK_LIMIT + 1}`,
    ...replies.map(
      (table, i) =>
        `select r.ticket_id as id, -0.5 * bm25(${table}) as score, ${i + 1} as source, r.id as k
          from ${table} cross join replies r cross join tickets t
          where ${table} match ? and r.id = ${table}.rowid and t.id = r.ticket_id and ${filters}
          order by ${table}.rowid desc limit ${RANK_LIMIT + 1}`,
    ),
  ];
  const rows = await all(
    reader(),
    `with hits as materialized (${hits.map((sql, i) => `select * from (${sql}) hits_${i}`).join(' union all ')})
     , ranked as (select *, row_number() over (partition by source order by k desc) as n from hits)
     , kept as (select id, score, case when source > 0 then k end as reply,
       row_number() over (partition by id, source > 0 order by k desc) as r from ranked where n <= ${RANK_LIMIT})
     select t.*, ${PEOPLE}, m.score as score, m.matches as matches, m.capped as capped, m.replies as replies from (
       select m.id, m.score, m.capped, m.replies, count(*) over () as matches
       from (select id, cast(max(score) as double precision) as score,
         (select max(n) > ${RANK_LIMIT} from (select count(*) as n from hits group by source) per_source) as capped,
         group_concat(case when r <= 3 then reply end) as replies
         from kept group by id) m
       join tickets t on t.id = m.id where ${filters} order by m.score desc, t.id desc limit ?
     ) m join tickets t on t.id = m.id ${JOINS} order by m.score desc, t.id desc`,
    [...hits.flatMap(() => [term, ...params]), ...params, PAGE_SIZE + 1],
  );
  const items = rows.slice(0, PAGE_SIZE);
  const matching = new Map();
  const replyIds = items.flatMap((row) => (row.replies ? row.replies.split(',').map(Number) : []));
  if (replyIds.length) {
    const found = await all(
      reader(),
      `select ticket_id, content from replies where id in (${replyIds.map(() => '?').join(', ')})${staff ? '' : ' and not internal'}
       order by ticket_id, id desc`,
      replyIds,
    );
    for (const row of found)
      matching.set(row.ticket_id, [...(matching.get(row.ticket_id) ?? []), row.content]);
  }
  const last = items[items.length - 1];
  return {
    items: items.map((row) => ({
      ...ticketOf(row, staff),
      match: snippet(
        [row.description, row.affected_item, ...(matching.get(row.id) ?? []), row.subject],
        word,
        [...word].length >= 3,
      ),
    })),
    total: Math.min(rows[0]?.matches ?? 0, COUNT_LIMIT - 1),
    totalIsEstimate: (rows[0]?.matches ?? 0) >= COUNT_LIMIT || rows[0]?.capped === 1,
    page: 1,
    pageSize: PAGE_SIZE,
    nextCursor:
      rows.length > PAGE_SIZE
        ? Buffer.from(JSON.stringify([last.score, last.id])).toString('base64url')
        : null,
  };
}

/** The first of `texts` with `word` (or a word it begins): up to 16 words around it, the match between « ». */
function snippet(texts, word, prefix) {
  for (const text of texts) {
    if (!text) continue;
    const words = [...text.matchAll(WORD)];
    const at = words.findIndex(([w]) =>
      prefix ? w.toLowerCase().startsWith(word) : w.toLowerCase() === word,
    );
    if (at === -1) continue;
    const start = Math.max(0, at - 3);
    const end = Math.min(words.length - 1, start + 15);
    const hit = words[at];
    const from = start > 0 ? words[start].index : 0;
    const to = end < words.length - 1 ? words[end].index + words[end][0].length : text.length;
    const show = (a, b) => text.slice(a, b).replace(/\s+/g, ' ');
    return `${start > 0 ? '…' : ''}${show(from, hit.index)}«${hit[0]}»${show(hit.index + hit[0].length, to)}${end < words.length - 1 ? '…' : ''}`;
  }
  return null;
}

async function detail(id, user) {
  const staff = user.role !== 'customer';
  const db = reader();
  const row = await get(
    db,
    `select t.*, ${PEOPLE} from tickets t ${JOINS} where t.id = ? and t.deleted_at is null${staff ? '' : ' and t.customer_id = ?'} limit 1`,
    staff ? [id] : [id, user.id],
  );
  if (!row) return null;
  const replies = await all(
    db,
    `select r.*, u.first_name, u.last_name, u.role from replies r join users u on u.id = r.author_id
     where r.ticket_id = ?${staff ? '' : ' and r.internal = 0'} order by r.created_at, r.id`,
    [id],
  );
  return {
    ...ticketOf(row, staff),
    replies: replies.map((r) => ({
      id: r.id,
      content: r.content,
      internal: r.internal === 1,
      author: { id: r.author_id, name: `${r.first_name} ${r.last_name}`.trim(), role: r.role },
      createdAt: iso(r.created_at),
    })),
  };
}

async function create(body, user) {
  const now = Date.now();
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  const customer = await userOf(user.id);
  return transaction(async () => {
    const { last } = await get(
      writer,
      'insert into ticket_number_sequences (day, last) values (?, 1) on conflict (day) do update set last = last + 1 returning last',
      [day],
    );
    const number = `TICK-${day}-${String(last).padStart(4, '0')}`;
    const { lastID: id } = await run(
      writer,
      `insert into tickets (number, subject, description, status, priority, category, customer_id, created_at, updated_at)
       values (?, ?, ?, 'open', 1, 'general', ?, ?, ?)`,
      [number, body.subject, body.description, user.id, now, now],
    );
    await run(
      writer,
      `insert into ticket_history (ticket_id, at, actor_id, type) values (?, ?, ?, 'created')`,
      [id, now, user.id],
    );
    await run(
      writer,
      'insert into outbox_messages (`to`, subject, text, html, created_at, next_attempt_at) values (?, ?, ?, ?, ?, ?)',
      [
        customer.email,
        `[${number}] We received your request: ${body.subject}`,
        body.description,
        body.description,
        now,
        now,
      ],
    );
    await run(
      writer,
      `insert into notifications (user_id, type, ticket_id, title, body, created_at) values (1, 'ticket.created', ?, ?, ?, ?)`,
      [id, `New ticket ${number}: ${body.subject}`, body.description, now],
    );
    const row = await get(writer, `select t.*, ${PEOPLE} from tickets t ${JOINS} where t.id = ?`, [id]);
    return ticketOf(row, user.role !== 'customer');
  });
}

async function reply(ticketId, body, user) {
  const now = Date.now();
  const ticket = await get(
    reader(),
    `select t.*, c.email as c_email from tickets t join users c on c.id = t.customer_id where t.id = ? and t.deleted_at is null`,
    [ticketId],
  );
  if (!ticket) return null;
  return transaction(async () => {
    const { lastID: id } = await run(
      writer,
      'insert into replies (ticket_id, author_id, content, internal, created_at) values (?, ?, ?, 0, ?)',
      [ticketId, user.id, body.content, now],
    );
    await run(writer, 'update tickets set updated_at = ?, version = version + 1 where id = ?', [
      now,
      ticketId,
    ]);
    await run(
      writer,
      `insert into ticket_history (ticket_id, at, actor_id, type) values (?, ?, ?, 'reply_added')`,
      [ticketId, now, user.id],
    );
    await run(
      writer,
      `insert into notifications (user_id, type, ticket_id, title, body, created_at) values (?, 'ticket.replied', ?, ?, ?, ?)`,
      [ticket.customer_id, ticketId, `New reply from ${user.name} on ${ticket.number}`, body.content, now],
    );
    await run(
      writer,
      'insert into outbox_messages (`to`, subject, text, html, created_at, next_attempt_at) values (?, ?, ?, ?, ?, ?)',
      [ticket.c_email, `[${ticket.number}] New reply`, body.content, body.content, now, now],
    );
    return {
      id,
      content: body.content,
      internal: false,
      author: { id: user.id, name: user.name, role: user.role },
      createdAt: iso(now),
    };
  });
}

function readBody(request) {
  return new Promise((done, fail) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      try {
        done(JSON.parse(Buffer.concat(chunks).toString() || '{}'));
      } catch (error) {
        fail(error);
      }
    });
  });
}

function send(response, status, body) {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(json);
}

createServer(async (request, response) => {
  try {
    const url = new URL(request.url, 'http://floor');
    if (url.pathname === '/api/health') return send(response, 200, { status: 'ok' });
    const userId = verify(request.headers.authorization);
    const user = userId && (await userOf(userId));
    if (!user)
      return send(response, 401, { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' });
    const [, , , id, sub] = url.pathname.split('/');
    if (request.method === 'GET' && url.pathname === '/api/tickets')
      return send(response, 200, await list(url, user));
    if (request.method === 'GET' && id && !sub) {
      const ticket = await detail(Number(id), user);
      return ticket
        ? send(response, 200, ticket)
        : send(response, 404, { statusCode: 404, message: 'Not found' });
    }
    if (request.method === 'POST' && url.pathname === '/api/tickets') {
      const body = await readBody(request);
      if (typeof body.subject !== 'string' || typeof body.description !== 'string')
        return send(response, 400, { statusCode: 400, message: 'Bad request' });
      return send(response, 201, await create(body, user));
    }
    if (request.method === 'POST' && sub === 'replies') {
      const body = await readBody(request);
      if (typeof body.content !== 'string')
        return send(response, 400, { statusCode: 400, message: 'Bad request' });
      const created = await reply(Number(id), body, user);
      return created
        ? send(response, 201, created)
        : send(response, 404, { statusCode: 404, message: 'Not found' });
    }
    send(response, 404, { statusCode: 404, message: 'Not found' });
  } catch (error) {
    send(response, 500, { statusCode: 500, message: String(error) });
  }
}).listen(PORT, '127.0.0.1', () => process.send?.('ready'));
