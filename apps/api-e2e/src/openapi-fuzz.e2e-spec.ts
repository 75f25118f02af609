import { writeFileSync } from 'node:fs';

import fc from 'fast-check';

import { ApiServer, DEMO, Session, login, registerCustomer, startApi } from './support/api-server';
import {
  FuzzRequest,
  HOSTILE_SEGMENTS,
  Mode,
  OpenApiDocument,
  OperationRef,
  Parameter,
  SchemaArbitraries,
  cut,
  describeRequest,
  listOperations,
  percentEncode,
  resolveSchema,
} from './support/openapi-arbitraries';

/**
 * Property-based fuzz of every operation in the API's own OpenAPI document (`GET /docs-json`):
 * fast-check builds path ids, query strings, headers and bodies from each operation's parameters
 * and request schema (valid values, and mutated ones: wrong types, nulls, missing required fields,
 * extra and `__proto__`/`constructor` keys, huge strings, nesting past the API's depth limit,
 * malformed JSON), sends them as the demo admin, agent and customer and with no token, and
 * asserts of every answer: status below 500; from 400 on, the error shape
 * `{statusCode: <the status>, error, message, code?, errors?}` and nothing else; never a stack
 * trace or an SQL/driver message in the body. New endpoints are fuzzed as soon as they are in
 * the document.
 *
 * Reproducible and bounded: each operation x caller runs `fc.assert` with its own fixed seed
 * (derived from {@link BASE_SEED} and `METHOD path as caller`, so adding an endpoint changes no
 * other sequence) and a run count by the operation's number of inputs. A failure reports fast-check's
 * shrunk counterexample printed as `METHOD url headers body`, the answer, and what the API logged.
 *
 * Demo data unchanged, approach (a): the fuzz only changes objects it created itself.
 * - `read` (GET): any id, the demo objects' included, with the demo sessions.
 * - `scratch` (a mutating operation on `{id}`): ids of scratch objects created in `beforeAll`
 *   (tickets, users, categories, canned responses) or created by the fuzz's own 2xx POSTs (so a
 *   new resource gets ids to change too; the POSTs run first, the DELETEs last), look-alikes of
 *   them, and hostile ids (`0`, `-1`, `01`, `1.0`, `1e3`, `%00`, long, Unicode); never a demo id.
 *   Segments that are other routes (`me`, `counts`, `..`) are left out: they would reach another
 *   operation.
 * - `self` (changes the caller's own account or session: `/api/users/me/...`, `logout-all`,
 *   marking notifications read): sent with scratch admin, agent and customer sessions instead of the
 *   demo ones, which are logged in again whenever a request ended their session.
 * - `singleton` (`PATCH /api/settings`, `PUT /api/sla-policies/{priority}`): fuzzed with the demo
 *   sessions; every 2xx is undone at once from the snapshot (the restore must succeed).
 * - `create` (other POSTs: new tickets, users, categories, webhooks, registrations, logins,
 *   refreshes): they add objects and never touch existing ones; refresh and logout bodies carry
 *   scratch refresh tokens only, never the demo sessions'; webhook URLs point at `.invalid`.
 * - `skip`: `/api/testing/*` (test controls, not the product).
 * After the fuzz the demo tickets (fields, version and replies), users, categories (and their
 * order), canned responses, settings, SLA targets, the demo users' preferences and notification
 * read states, and the demo sessions are compared with the snapshot taken before: they must be
 * equal. (This is how the fuzz found that saving the settings raised the version, i.e. the ETag,
 * of every ticket with a running SLA clock.)
 *
 * `FUZZ_ONLY=<regular expression>` fuzzes only the operations whose `METHOD path` matches, with the
 * same seeds (the same requests; ids the fuzz created itself may differ). `FUZZ_STATS=<file>`
 * writes how each operation answered (`2xx`, `4xx`, each `status code`): which operations the
 * generated requests reach beyond validation.
 *
 * Fuzzed logins of the demo accounts cannot lock them out: `startApi` sets LOGIN_LOCKOUT_AFTER to
 * 1000; AUTH_RATE_LIMIT is raised here because the fuzz sends thousands of auth requests.
 */
const BASE_SEED = 20_261_126;

/** The passwords of the scratch accounts (strong enough for the zxcvbn rule). */
const SCRATCH_PASSWORD = 'violet-harbor-lantern-42';

type Policy = 'read' | 'create' | 'scratch' | 'self' | 'singleton' | 'skip';

/** How each operation may be fuzzed (first match on `METHOD path` wins); see the file's doc comment. */
const POLICIES: ReadonlyArray<readonly [RegExp, Policy]> = [
  [/^\w+ \/api\/testing\//, 'skip'],
  [/^(GET|HEAD) /, 'read'],
  [/^\w+ \/api\/auth\/logout-all$/, 'self'],
  [/^\w+ \/api\/users\/me(\/|$)/, 'self'],
  [/^\w+ \/api\/notifications(\/|$)/, 'self'],
  [/^\w+ \/api\/settings$/, 'singleton'],
  [/^\w+ \/api\/sla-policies\//, 'singleton'],
  [/\{[^}]+\}/, 'scratch'],
  [/./, 'create'],
];

const DEMO_CALLERS = ['admin', 'agent', 'customer', 'anonymous'] as const;
const SCRATCH_CALLERS = ['scratch-admin', 'scratch-agent', 'scratch-customer', 'anonymous'] as const;
type Caller = (typeof DEMO_CALLERS)[number] | (typeof SCRATCH_CALLERS)[number];

/** Keys an error body may have. */
const ERROR_KEYS = new Set(['statusCode', 'error', 'message', 'code', 'errors']);
/** A stack frame, a source path or a bundle path. */
const STACK_TRACE =
  /\bat (?:async )?[\w$.<>[\] ]*\(?(?:\/|node:|file:|webpack:)[^)\s]*:\d+:\d+|node_modules[\\/]|dist\/apps\/api/;
/** What a database driver or query builder says. */
const DRIVER_TEXT =
  /SQLITE_[A-Z]|SqliteError|sqlite3|better-sqlite|\bknex\b|MikroORM|DriverException|syntax error at or near|\bno such (?:table|column)\b|fts5/i;
/** An SQL statement (checked in error bodies only: a 2xx may echo text a user wrote). */
const SQL_STATEMENT =
  /\b(?:select\s.{0,200}?\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from)\s+[`"]?\w+/i;

/** The fields of the API's JSON this file reads (setup and snapshot). */
interface TicketJson {
  id: number;
  number: string;
  customer?: { id: number };
  assignee?: { id: number } | null;
  replies?: unknown[];
  [field: string]: unknown;
}
interface UserJson {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  active: boolean;
  available: boolean;
}
interface CategoryJson {
  id: number;
  slug: string;
  name: string;
  active: boolean;
  position: number;
}
interface NotificationJson {
  id: number;
  ticketId: number | null;
  read: boolean;
}
interface SlaPolicyJson {
  priority: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}
interface ItemsJson<T> {
  items: T[];
  total?: number;
  nextCursor?: string;
}

/** An answer as the fuzz reads it. */
interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** Ids of one kind of object, as path segments. */
interface IdPool {
  /** Objects of the demo data (used with GET only, or by scratch callers). */
  demo: string[];
  /** Objects the test created for the fuzz. */
  scratch: string[];
}

/** What the fuzz must leave as it found it (see the file's doc comment). */
interface Snapshot {
  tickets: unknown[];
  users: unknown[];
  categories: unknown[];
  categoryOrder: number[];
  cannedResponses: unknown[];
  settings: unknown;
  slaPolicies: SlaPolicyJson[];
  preferences: Record<string, unknown>;
  notifications: Record<string, Record<number, boolean>>;
  sessions: Record<string, number>;
}

/** 32-bit FNV-1a of `text` mixed into {@link BASE_SEED}: one stable seed per operation and caller. */
function seedFor(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash ^ BASE_SEED) | 0;
}

function policyOf(op: OperationRef): Policy {
  return POLICIES.find(([pattern]) => pattern.test(op.key))?.[1] ?? 'create';
}

/** The literal path segment right before `{name}`: `tickets` for `/api/tickets/{id}/replies`. */
function kindOf(path: string, name: string): string {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  return at > 0 ? segments[at - 1] : '';
}

/** Forms of an id that are not quite it: leading zero, fraction, sign, exponent, hex, spaces, case. */
function lookAlikes(id: string): string[] {
  if (/^\d+$/.test(id)) {
    const hex = `0x${Number(id).toString(16)}`;
    return [`0${id}`, `${id}.0`, `%2B${id}`, `${id}e0`, hex, `%20${id}`, `${id}%20`, `${id}abc`];
  }
  return [id.toLowerCase(), `%20${id}`, `${id}%20`, id.replace(/-/g, ''), `${id}0`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with `answer` (nothing: an empty list). */
function problemsOf(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  if (STACK_TRACE.test(answer.text)) problems.push('the body shows a stack trace or a source path');
  if (DRIVER_TEXT.test(answer.text)) problems.push('the body shows a database driver message');
  if (answer.status < 400) return problems;
  if (SQL_STATEMENT.test(answer.text)) problems.push('the error body shows SQL');
  if (!answer.contentType.startsWith('application/json')) {
    problems.push(`the error is ${answer.contentType || 'without a content type'}, not JSON`);
  }
  const body = answer.json;
  if (!isObject(body)) return [...problems, 'the error body is not a JSON object'];
  if (body['statusCode'] !== answer.status)
    problems.push(`statusCode ${body['statusCode']} is not the status`);
  if (typeof body['error'] !== 'string' || !body['error']) problems.push('error is not a non-empty string');
  if (typeof body['message'] !== 'string') problems.push('message is not a string');
  if ('code' in body && typeof body['code'] !== 'string') problems.push('code is not a string');
  if (
    'errors' in body &&
    !(
      isObject(body['errors']) &&
      Object.values(body['errors']).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))
    )
  ) {
    problems.push('errors is not an object of message lists');
  }
  const extra = Object.keys(body).filter((key) => !ERROR_KEYS.has(key));
  if (extra.length) problems.push(`the error body has other keys: ${extra.join(', ')}`);
  return problems;
}

describe('OpenAPI fuzz: every operation, every caller, seeded', () => {
  let api: ApiServer;
  let doc: OpenApiDocument;
  let operations: OperationRef[];
  const sessions: Partial<Record<Caller, Session>> = {};
  const passwords: Partial<Record<Caller, { email: string; password: string }>> = {};
  const ids: Record<string, IdPool> = {};
  const demo = {
    tickets: [] as number[],
    users: [] as number[],
    categories: [] as number[],
    canned: [] as number[],
  };
  let before: Snapshot;
  /** Answers by operation: `METHOD path` -> status class (`2xx`, `4xx`) or error (`400 VALIDATION_FAILED`) -> count. */
  const seen = new Map<string, Record<string, number>>();

  /** Sends a setup or snapshot request as `session`; returns status and parsed body. */
  async function call(
    method: string,
    path: string,
    session?: Session,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {};
    if (session) headers['authorization'] = session.auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** {@link call}, expecting `status`; the body as `T` (not checked). @throws otherwise, with the answer */
  async function must<T = { id: number }>(
    status: number,
    method: string,
    path: string,
    session?: Session,
    body?: unknown,
  ): Promise<T> {
    const res = await call(method, path, session, body);
    if (res.status !== status) {
      throw new Error(`${method} ${path} answered ${res.status}, not ${status}: ${JSON.stringify(res.body)}`);
    }
    return res.body as T;
  }

  /** Every item of a paged list (`items`, `total`), 100 at a time. */
  async function all<T>(path: string, session: Session): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const body = await must<ItemsJson<T>>(
        200,
        'GET',
        `${path}${path.includes('?') ? '&' : '?'}page=${page}&pageSize=100`,
        session,
      );
      items.push(...body.items);
      if (body.items.length < 100 || items.length >= (body.total ?? 0)) return items;
    }
  }

  function pool(kind: string): IdPool {
    return (ids[kind] ??= { demo: [], scratch: [] });
  }

  /** Creates a staff user with a password as the demo admin and logs them in. */
  async function staff(caller: Caller, role: string, email: string): Promise<void> {
    await must(201, 'POST', '/api/users', sessions.admin, {
      email,
      firstName: 'Fuzz',
      lastName: 'Scratch',
      role,
      password: SCRATCH_PASSWORD,
    });
    passwords[caller] = { email, password: SCRATCH_PASSWORD };
    sessions[caller] = await login(api.url, passwords[caller]);
  }

  async function takeSnapshot(): Promise<Snapshot> {
    const admin = sessions.admin as Session;
    const tickets = [];
    for (const id of demo.tickets) {
      const t = await must<TicketJson>(200, 'GET', `/api/tickets/${id}`, admin);
      tickets.push({
        ...Object.fromEntries(
          [
            'id',
            'number',
            'version',
            'subject',
            'description',
            'status',
            'priority',
            'category',
            'contactNumber',
            'affectedItem',
            'createdAt',
            'updatedAt',
            'resolvedAt',
            'closedAt',
          ].map((k) => [k, t[k]]),
        ),
        customer: t.customer?.id,
        assignee: t.assignee?.id ?? null,
        replies: t.replies,
      });
    }
    const users = (await all<UserJson>('/api/users', admin))
      .filter((u) => demo.users.includes(u.id))
      .map(({ id, email, firstName, lastName, role, active, available }) => ({
        id,
        email,
        firstName,
        lastName,
        role,
        active,
        available,
      }));
    const categories = (
      await must<ItemsJson<CategoryJson>>(200, 'GET', '/api/categories', admin)
    ).items.filter((c) => demo.categories.includes(c.id));
    const cannedResponses = [];
    for (const who of ['admin', 'agent'] as const) {
      const items = (
        await must<ItemsJson<{ id: number }>>(200, 'GET', '/api/canned-responses', sessions[who])
      ).items;
      cannedResponses.push(...items.filter((c) => demo.canned.includes(c.id)).map((c) => ({ who, ...c })));
    }
    const preferences: Record<string, unknown> = {};
    const notifications: Record<string, Record<number, boolean>> = {};
    const alive: Record<string, number> = {};
    for (const who of ['admin', 'agent', 'customer'] as const) {
      const session = sessions[who] as Session;
      preferences[who] = await must(200, 'GET', '/api/users/me/preferences', session);
      const known = before?.notifications[who];
      notifications[who] = Object.fromEntries(
        (await all<NotificationJson>('/api/notifications', session))
          // Notifications about the scratch tickets are scratch data (they go when their ticket is deleted).
          .filter((n) => (known ? n.id in known : n.ticketId == null || demo.tickets.includes(n.ticketId)))
          .map((n) => [n.id, n.read]),
      );
      alive[who] = (await call('GET', '/api/auth/me', session)).status;
    }
    return {
      tickets,
      users,
      categories: categories.map(({ id, slug, name, active }) => ({ id, slug, name, active })),
      categoryOrder: [...categories].sort((a, b) => a.position - b.position).map((c) => c.id),
      cannedResponses,
      settings: await must<unknown>(200, 'GET', '/api/settings', admin),
      slaPolicies: (await must<ItemsJson<SlaPolicyJson>>(200, 'GET', '/api/sla-policies', admin)).items.map(
        ({ priority, firstResponseMinutes, resolutionMinutes }) => ({
          priority,
          firstResponseMinutes,
          resolutionMinutes,
        }),
      ),
      preferences,
      notifications,
      sessions: alive,
    };
  }

  /** Puts the settings and SLA targets back as they were before the fuzz. @throws when that fails */
  async function restoreSingletons(): Promise<void> {
    await must(200, 'PATCH', '/api/settings', sessions.admin, before.settings);
    for (const { priority, ...targets } of before.slaPolicies) {
      await must(200, 'PUT', `/api/sla-policies/${priority}`, sessions.admin, targets);
    }
  }

  beforeAll(async () => {
    api = await startApi({ AUTH_RATE_LIMIT: '100000' });
    try {
      await setUp();
    } catch (error) {
      throw new Error(`${(error as Error).message}\nAPI output:\n${cut(api.output(), 4_000)}`);
    }
  }, 60_000);

  /** Logs in, reads the document, records the demo ids, creates the scratch objects, takes the snapshot. */
  async function setUp(): Promise<void> {
    sessions.admin = await login(api.url, DEMO.admin);
    sessions.agent = await login(api.url, DEMO.agent);
    sessions.customer = await login(api.url, DEMO.customer);
    doc = await must<OpenApiDocument>(200, 'GET', '/docs-json');
    operations = listOperations(doc);

    // The demo data, before the test adds anything.
    const tickets = await all<TicketJson>('/api/tickets', sessions.admin);
    demo.tickets = tickets.map((t) => t.id);
    pool('tickets').demo.push(...tickets.flatMap((t) => [String(t.id), t.number]));
    const users = await all<UserJson>('/api/users', sessions.admin);
    demo.users = users.map((u) => u.id);
    pool('users').demo.push(...demo.users.map(String));
    const categories = (await must<ItemsJson<CategoryJson>>(200, 'GET', '/api/categories', sessions.admin))
      .items;
    demo.categories = categories.map((c) => c.id);
    pool('categories').demo.push(...demo.categories.map(String));
    for (const who of ['admin', 'agent'] as const) {
      const items = (
        await must<ItemsJson<{ id: number }>>(200, 'GET', '/api/canned-responses', sessions[who])
      ).items;
      demo.canned.push(...items.map((c) => c.id));
    }
    pool('canned-responses').demo.push(...demo.canned.map(String));

    // Scratch callers for the operations that change the caller's own account or sessions.
    await staff('scratch-admin', 'admin', 'fuzz-scratch-admin@example.com');
    await staff('scratch-agent', 'agent', 'fuzz-scratch-agent@example.com');
    sessions['scratch-customer'] = await registerCustomer(api.url, 'fuzz-scratch-customer@example.com');
    passwords['scratch-customer'] = {
      email: 'fuzz-scratch-customer@example.com',
      password: SCRATCH_PASSWORD,
    };

    // Scratch objects for the mutating operations on an id.
    for (const role of ['customer', 'agent', 'admin']) {
      const user = await must(201, 'POST', '/api/users', sessions.admin, {
        email: `fuzz-target-${role}@example.com`,
        firstName: 'Fuzz',
        lastName: 'Target',
        role,
      });
      pool('users').scratch.push(String(user.id));
    }
    const scratchTickets: TicketJson[] = [];
    for (let i = 1; i <= 4; i++) {
      scratchTickets.push(
        await must<TicketJson>(201, 'POST', '/api/tickets', sessions.customer, {
          subject: `Fuzz scratch ${i}`,
          description: 'A ticket for the fuzz to change.',
        }),
      );
    }
    const customer2 = users.find((u) => u.email === DEMO.customer2.email);
    scratchTickets.push(
      await must<TicketJson>(201, 'POST', '/api/tickets', sessions.agent, {
        subject: 'Fuzz scratch for customer2',
        description: 'Another customer: the demo customer must get 404.',
        customerId: customer2?.id,
      }),
    );
    const ofScratchCustomer = await must<TicketJson>(
      201,
      'POST',
      '/api/tickets',
      sessions['scratch-customer'],
      {
        subject: 'Fuzz scratch of the scratch customer',
        description: 'Its replies notify the scratch customer.',
      },
    );
    scratchTickets.push(ofScratchCustomer);
    await must(201, 'POST', `/api/tickets/${ofScratchCustomer.id}/replies`, sessions.agent, {
      content: 'Hello',
    });
    await must(200, 'POST', `/api/tickets/${scratchTickets[0].id}/assign`, sessions.admin, {
      agentId: sessions['scratch-agent']?.id,
    });
    pool('tickets').scratch.push(...scratchTickets.flatMap((t) => [String(t.id), t.number]));
    for (const name of ['Fuzz scratch A', 'Fuzz scratch B']) {
      pool('categories').scratch.push(
        String((await must(201, 'POST', '/api/categories', sessions.admin, { name })).id),
      );
    }
    for (const [who, shared] of [
      ['admin', true],
      ['admin', false],
      ['agent', false],
    ] as const) {
      const canned = await must(201, 'POST', '/api/canned-responses', sessions[who], {
        title: `Fuzz ${who} ${shared}`,
        body: 'Hi {{customer.firstName}}',
        ...(shared ? { shared } : {}),
      });
      pool('canned-responses').scratch.push(String(canned.id));
    }
    for (const who of SCRATCH_CALLERS) {
      const session = sessions[who];
      if (!session) continue;
      const token = await must(201, 'POST', '/api/users/me/api-tokens', session, {
        name: 'fuzz',
        scopes: ['tickets:read'],
      });
      pool('api-tokens').scratch.push(String(token.id));
      for (const n of await all<NotificationJson>('/api/notifications', session))
        pool('notifications').scratch.push(String(n.id));
    }
    for (const who of ['admin', 'agent', 'customer'] as const) {
      for (const n of await all<NotificationJson>('/api/notifications', sessions[who] as Session)) {
        pool('notifications').demo.push(String(n.id));
      }
    }
    before = await takeSnapshot();
  }

  afterAll(async () => {
    await api?.stop();
  });

  it('recognises the answers it must refuse', () => {
    const answer = (
      status: number,
      body: unknown,
      contentType = 'application/json; charset=utf-8',
    ): Answer => ({
      status,
      contentType,
      text: typeof body === 'string' ? body : JSON.stringify(body),
      json: typeof body === 'string' ? undefined : body,
    });
    const shaped = { statusCode: 400, error: 'Bad Request', message: 'no', code: 'X', errors: { a: ['b'] } };
    expect(problemsOf(answer(400, shaped))).toEqual([]);
    expect(problemsOf(answer(200, { ok: "'; DROP TABLE tickets; --" }))).toEqual([]);
    expect(problemsOf(answer(500, { ...shaped, statusCode: 500 }))).toEqual(['answered 500']);
    expect(problemsOf(answer(404, shaped))).toEqual(['statusCode 400 is not the status']);
    expect(problemsOf(answer(400, '<h1>Bad</h1>', 'text/html'))).toHaveLength(2);
    expect(problemsOf(answer(400, { ...shaped, stack: 'x' }))).toEqual([
      'the error body has other keys: stack',
    ]);
    expect(problemsOf(answer(400, { ...shaped, errors: { a: 'b' } }))).toEqual([
      'errors is not an object of message lists',
    ]);
    expect(problemsOf(answer(400, { ...shaped, message: 'SQLITE_CONSTRAINT: UNIQUE' }))).toEqual([
      'the body shows a database driver message',
    ]);
    expect(
      problemsOf(answer(409, { ...shaped, statusCode: 409, message: 'insert into `users` failed' })),
    ).toEqual(['the error body shows SQL']);
    expect(
      problemsOf(answer(200, { trace: 'Error: x\n    at Foo.bar (/work/main/dist/apps/api/main.js:1:2)' })),
    ).toEqual(['the body shows a stack trace or a source path']);
  });

  it('finds at least 40 operations in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(operations.filter((op) => policyOf(op) !== 'skip').length).toBeGreaterThanOrEqual(40);
  });

  it('answers look-alikes of a real numeric id (01, 1.0, 0x1, " 1") with 404 on every GET of one id', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const params = op.parameters.filter((p) => p.in === 'path');
      if (op.method !== 'GET' || params.length !== 1) continue;
      const { demo: demoIds, scratch } = pool(kindOf(op.path, params[0].name));
      const url = (id: string): string => op.path.replace(`{${params[0].name}}`, id);
      // The first id the admin can read: its look-alikes must not reach it.
      let real: string | undefined;
      for (const id of [...demoIds, ...scratch].filter((i) => /^\d+$/.test(i))) {
        if ((await call('GET', url(id), sessions.admin)).status === 200) {
          real = id;
          break;
        }
      }
      if (!real) continue;
      for (const id of lookAlikes(real)) {
        const { status } = await call('GET', url(id), sessions.admin);
        if (status !== 404) wrong.push(`GET ${url(id)}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers every fuzzed request below 500, with the error shape on 4xx, never a trace or SQL', async () => {
    // Extra refresh tokens of the scratch customer: the fuzz may refresh and revoke these.
    const refreshTokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      refreshTokens.push(
        (await login(api.url, passwords['scratch-customer'] as { email: string; password: string }))
          .refreshToken,
      );
    }
    const cursor = (await must<ItemsJson<TicketJson>>(200, 'GET', '/api/tickets?pageSize=2', sessions.admin))
      .nextCursor as string;
    const slugs = (
      await must<ItemsJson<CategoryJson>>(200, 'GET', '/api/categories', sessions.admin)
    ).items.map((c) => c.slug);
    const userIds = [...demo.users, ...pool('users').scratch.map(Number), sessions['scratch-agent']?.id];
    const badDates = [
      '2026-02-30',
      '2026-13-01',
      '0000-01-01',
      '9999-12-31',
      '+275760-09-13',
      '-271821-04-19',
      '2026-11-26T25:00:00Z',
      '2026-11-26T09:00:00+14:00',
      '2126-01-01T00:00:00Z',
      '2000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      '2026-11-26',
      'yesterday',
      '',
    ];
    const base64url = (text: string): string => Buffer.from(text).toString('base64url');
    const statuses = ['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed', 'reopened'];
    const gen = new SchemaArbitraries(doc, {
      hints: {
        email: fc.oneof(
          fc.constantFrom(...Object.values(DEMO).map((d) => d.email), 'fuzz-scratch-customer@example.com'),
          fc.nat().map((n) => `fuzz-${n}@example.com`),
        ),
        password: fc.constantFrom(
          ...new Set(Object.values(DEMO).map((d) => d.password)),
          SCRATCH_PASSWORD,
          'amber-falcon-quarry-77',
          'correct horse battery staple',
        ),
        newPassword: fc.constantFrom(
          SCRATCH_PASSWORD,
          'amber-falcon-quarry-77',
          'correct horse battery staple',
        ),
        currentPassword: fc.constant(SCRATCH_PASSWORD),
        refreshToken: fc.constantFrom(...refreshTokens),
        token: fc.constant('q3JzZ0m8pXbH2w1o9kqv7Q5sYtJc4LxN0dFhR6uAeM8'),
        firstName: fc.constantFrom('Robin', "O'Brien", 'Jean-Luc', 'Zoë', '李', 'J. R.'),
        lastName: fc.constantFrom('Customer', "D'Arcy", 'van der Berg', 'Ñúñez'),
        name: fc.constantFrom('Robin Customer', 'Fuzz Category', 'Cher'),
        category: fc.constantFrom(...slugs),
        slug: fc.stringMatching(/^[a-z][a-z0-9_]{1,31}$/),
        agentId: fc.constantFrom(...userIds),
        customerId: fc.constantFrom(...userIds),
        assigneeId: fc.constantFrom(...userIds),
        status: fc.constantFrom(...statuses),
        'status[]': fc.constantFrom(...statuses),
        timeZone: fc.constantFrom(
          'Europe/London',
          'UTC',
          'America/New_York',
          'Asia/Kolkata',
          'Pacific/Chatham',
        ),
        start: fc.constantFrom('09:00', '00:00', '08:30', '23:59'),
        end: fc.constantFrom('17:00', '23:59', '12:00'),
        'holidays[]': fc.constantFrom('2026-12-25', '2027-01-01'),
        from: fc.constantFrom('2026-11-01', '2026-01-01', '2026-11-26'),
        to: fc.constantFrom('2026-11-30', '2026-12-31', '2026-11-26'),
        updatedSince: fc.constantFrom('2026-11-26T09:00:00Z', '2026-11-20T00:00:00+01:00'),
        expiresAt: fc.constantFrom('2027-06-30T00:00:00Z', '2030-01-01T00:00:00.000Z'),
        cursor: fc.constant(cursor),
        q: fc.constantFrom('printer -toner', 'invoice', 'password reset', 'TICK-2026'),
        affectedItem: fc.constantFrom('Invoice PDF export', 'Printer'),
        contactNumber: fc.constantFrom('+44 20 7183 8750', '+1 212 555 0100'),
        position: fc.constantFrom(0, 1, 3, 10_000),
        // `.invalid` never resolves (RFC 2606): webhook deliveries fail at once, nothing leaves the machine.
        url: fc.constantFrom('https://fuzz.invalid/hooks/helpdesk', 'http://fuzz.invalid:8080/x?y=1'),
        'If-Match': fc.constantFrom('"1"', '"2"', '"3"'),
        'Idempotency-Key': fc.oneof(fc.constant('fuzz-key-1'), fc.uuid()),
      },
      edgeCases: {
        email: fc.constantFrom(
          'ADMIN@EXAMPLE.COM',
          ' agent@example.com ',
          'not-an-email',
          'a@b',
          `${'x'.repeat(250)}@example.com`,
        ),
        password: fc.constantFrom('', 'short', 'x'.repeat(73), 'x'.repeat(1025)),
        newPassword: fc.constantFrom('password', 'x'.repeat(73), '', 'fuzz-scratch-customer@example.com'),
        currentPassword: fc.constantFrom('admin123', 'wrong', ''),
        refreshToken: fc.constantFrom('x', 'a.b.c', (sessions.customer as Session).accessToken),
        token: fc.constantFrom('a'.repeat(128), 'a'.repeat(129), ''),
        firstName: fc.constantFrom('-', 'A'.repeat(51), ' ', "Robert'); DROP TABLE users;--"),
        lastName: fc.constantFrom('.', 'A'.repeat(51), '\u00a0'),
        name: fc.constantFrom(' ', 'x'.repeat(51), 'x'.repeat(101)),
        category: fc.constantFrom('General', 'no_such_category', ''),
        slug: fc.constantFrom('general', 'a', 'Bad Slug', '1abc', 'x'.repeat(33)),
        agentId: fc.constantFrom(0, -1, 2 ** 31, 1.5, '2'),
        customerId: fc.constantFrom(0, 2 ** 31, '4'),
        assigneeId: fc.constantFrom('0', '2147483648', '1.5'),
        status: fc.constantFrom('OPEN', 'deleted', ''),
        'status[]': fc.constantFrom('OPEN', 'deleted', ''),
        timeZone: fc.constantFrom(
          'America/Argentina/ComodRivadavia',
          'Etc/GMT+14',
          'EST5EDT',
          'Mars/Olympus',
          'local',
          '+01:00',
          'utc',
          '',
        ),
        start: fc.constantFrom('24:00', '9:00', '25:61', '12:60', '17:00:00', '-1:00'),
        end: fc.constantFrom('24:00', '08:00', '23:60', 'noon', '00:00'),
        'holidays[]': fc.constantFrom(...badDates),
        from: fc.constantFrom(...badDates),
        to: fc.constantFrom(...badDates),
        updatedSince: fc.constantFrom(...badDates),
        expiresAt: fc.constantFrom(...badDates),
        cursor: fc.oneof(
          fc.constantFrom('', 'x', `${cursor}x`, cursor.slice(0, -3), 'eyJ9'),
          fc.jsonValue({ maxDepth: 2 }).map((v) => base64url(JSON.stringify(v))),
          fc
            .constantFrom(
              '{"s":"-createdAt","k":["x",null]}',
              '{"s":"priority","k":[]}',
              '{"s":"relevance","k":[1e400,1]}',
              '{"s":"dueAt","k":[null,"a"]}',
              '{"s":"-createdAt","k":[8640000000000001,9007199254740993]}',
              '{"__proto__":{"s":"priority"}}',
            )
            .map(base64url),
        ),
        q: fc.constantFrom(
          '"unbalanced',
          'a AND',
          'NOT',
          '*',
          'col:val',
          'a OR OR b',
          '-',
          '--',
          '+',
          '{a b}',
          'NEAR(a b, 2)',
          '^x',
          '\\',
          '"',
          "'",
          '%',
          '_',
          '(',
          ')',
        ),
        affectedItem: fc.constantFrom('%', '_', '\\'),
        contactNumber: fc.constantFrom('+1', '+999999999999999', '911', 'abc', '+44 20 7183 8750 ext. 99999'),
        position: fc.constantFrom(10_001, -1, 1.5, 1e9),
        scopes: fc.constantFrom<unknown>(['admin'], ['tickets:read', 'tickets:read'], ['root'], []),
        url: fc.constantFrom(
          'http://127.0.0.1/',
          'http://localhost:3000/api/auth/logout-all',
          'http://169.254.169.254/latest/meta-data',
          'http://[::1]/',
          'http://0x7f000001/',
          'http://2130706433/',
          'file:///etc/passwd',
          'javascript:alert(1)',
          'https://user:pass@fuzz.invalid/',
          `https://fuzz.invalid/${'p'.repeat(2_000)}`,
        ),
        'If-Match': fc.constantFrom('*', 'W/"2"', '"999"', '"abc"', '1'),
        'Idempotency-Key': fc.constantFrom('k'.repeat(300), ''),
      },
    });

    // Path segments that are routes of their own, and dot segments: they would reach another operation.
    const literals = new Set(['.', '..', ...operations.flatMap((op) => op.path.split('/'))]);
    const hostileSegment = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
      {
        weight: 3,
        arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(percentEncode),
      },
      { weight: 2, arbitrary: fc.integer({ min: 100, max: 3_000 }).map((n) => 'z'.repeat(n)) },
      // Past Node's 16 KB limit for the request line and headers: answered before any route.
      { weight: 1, arbitrary: fc.constant('z'.repeat(20_000)) },
    );
    const pathValues =
      (op: OperationRef, policy: Policy) =>
      (parameter: Parameter, mode: Mode): fc.Arbitrary<string> => {
        const schema = resolveSchema(doc, parameter.schema);
        // For a change, no segment that is another route or could be a real id (a random string can be `1`).
        const safeHostile =
          policy === 'read'
            ? hostileSegment
            : hostileSegment.filter((s) => !literals.has(s) && !(/^[1-9]\d*$/.test(s) && Number(s) < 1e6));
        let real: string[];
        if (schema.enum?.length) {
          real = schema.enum.map(String);
        } else {
          const { demo: demoIds, scratch } = pool(kindOf(op.path, parameter.name));
          const owned = policy === 'read' || policy === 'self' ? [...demoIds, ...scratch] : scratch;
          real = mode === 'valid' ? owned : [...owned, ...owned.flatMap(lookAlikes)];
        }
        if (!real.length) return safeHostile;
        if (mode === 'valid') return fc.constantFrom(...real);
        return fc.oneof(
          { weight: 1, arbitrary: fc.constantFrom(...real) },
          { weight: 2, arbitrary: safeHostile },
        );
      };

    async function send(request: FuzzRequest, caller: Caller): Promise<Answer> {
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      const session = sessions[caller];
      if (session) headers['authorization'] = session.auth;
      const res = await fetch(`${api.url}${request.url}`, {
        method: request.method,
        headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
    }

    /**
     * After a 2xx: keep the id of an object the fuzz created (the later operations on `{id}` may
     * change it); undo singleton changes; log a scratch caller in again when the request ended its session.
     */
    async function afterSuccess(
      op: OperationRef,
      policy: Policy,
      caller: Caller,
      request: FuzzRequest,
      answer: Answer,
    ): Promise<void> {
      const created = isObject(answer.json) ? answer.json['id'] : undefined;
      if (op.method === 'POST' && !op.path.includes('{') && typeof created === 'number') {
        const { scratch } = pool(op.path.split('/').pop() as string);
        if (scratch.length < 40) scratch.push(String(created));
      }
      if (policy === 'singleton') await restoreSingletons();
      const credentials = passwords[caller];
      if (policy !== 'self' || !credentials) return;
      if (op.path.endsWith('/password')) {
        const body = JSON.parse(request.body ?? '{}') as { newPassword?: unknown };
        if (typeof body.newPassword === 'string') credentials.password = body.newPassword;
      }
      if ((await call('GET', '/api/auth/me', sessions[caller])).status !== 200) {
        sessions[caller] = await login(api.url, credentials);
      }
    }

    const runsFor = (op: OperationRef): number => {
      const schema = op.operation.requestBody?.content?.['application/json']?.schema;
      const bodyInputs = schema ? 1 + Object.keys(resolveSchema(doc, schema).properties ?? {}).length : 0;
      const inputs = op.parameters.length + bodyInputs;
      return Math.min(200, 30 + 15 * inputs);
    };

    // Creating first gives the operations on `{id}` objects of the fuzz's own to change (see
    // afterSuccess); deleting last keeps the scratch objects alive for the others.
    const rank = (op: OperationRef): number =>
      policyOf(op) === 'create' ? 0 : op.method === 'GET' ? 1 : op.method === 'DELETE' ? 3 : 2;
    const only = process.env['FUZZ_ONLY'] ? new RegExp(process.env['FUZZ_ONLY']) : null;
    const fuzzed = operations
      .filter((op) => policyOf(op) !== 'skip' && (!only || only.test(op.key)))
      .sort((a, b) => rank(a) - rank(b));
    const failures: string[] = [];
    for (const op of fuzzed) {
      const policy = policyOf(op);
      const requests = gen.request(op, pathValues(op, policy));
      const counts: Record<string, number> = {};
      seen.set(op.key, counts);
      for (const caller of policy === 'self' ? SCRATCH_CALLERS : DEMO_CALLERS) {
        const seed = seedFor(`${op.key} as ${caller}`);
        const property = fc.asyncProperty(requests, async (request) => {
          const mark = api.output().length;
          const answer = await send(request, caller);
          const status = `${Math.floor(answer.status / 100)}xx`;
          counts[status] = (counts[status] ?? 0) + 1;
          if (answer.status >= 400 && isObject(answer.json)) {
            const reason = `${answer.status} ${String(answer.json['code'] ?? answer.json['error'])}`;
            counts[reason] = (counts[reason] ?? 0) + 1;
          }
          const problems = problemsOf(answer);
          if (problems.length) {
            throw new Error(
              [
                `${problems.join('; ')}`,
                `request (${policy}, as ${caller}): ${describeRequest(request)}`,
                `answer: ${answer.status} ${cut(answer.text, 800)}`,
                `API output: ${cut(api.output().slice(mark), 2_000) || '(nothing)'}`,
              ].join('\n'),
            );
          }
          if (answer.status < 300) await afterSuccess(op, policy, caller, request, answer);
        });
        try {
          await fc.assert(property, { seed, numRuns: runsFor(op), includeErrorInReport: true });
        } catch (error) {
          failures.push(`${op.key} as ${caller}:\n${(error as Error).message}`);
        }
      }
    }
    const statsFile = process.env['FUZZ_STATS'];
    if (statsFile) writeFileSync(statsFile, JSON.stringify(Object.fromEntries(seen), null, 1));
    if (failures.length) throw new Error(`${failures.length} failed:\n\n${failures.join('\n\n')}`);
    expect(api.output()).not.toContain('Unexpected error');
    // The fuzz reached the handlers, not only the validation: most operations answered 2xx at least once.
    const neverOk = [...seen].filter(([, counts]) => !counts['2xx']).map(([key]) => key);
    expect(neverOk.length).toBeLessThanOrEqual(Math.floor(seen.size / 5));
    expect((await call('GET', '/api/health')).status).toBe(200);
  }, 240_000);

  it('leaves the demo data as it was', async () => {
    const after = await takeSnapshot();
    expect(after).toEqual(before);
  }, 30_000);
});
