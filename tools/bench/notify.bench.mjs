#!/usr/bin/env node
/**
 * `npm run bench:notify`: how fast notifications reach people, in two sections (run `npm run build`
 * or `nx build api` first; each section starts the built API, dist/apps/api/main.js, on a fresh
 * SQLite data directory on loopback, and deletes it at the end). `BENCH_ONLY=socket` or
 * `BENCH_ONLY=mail` runs one section.
 *
 * 1. socket.io: with BENCH_CLIENTS (1,000) socket.io clients connected, how long from the REST call
 *    that changes a ticket to the delivery of its notification over the socket. Registers the users
 *    (BENCH_AGENTS of them made agents, the rest customers with one ticket each), connects one
 *    websocket per user, then:
 *    a. status change -> customer: the demo agent moves each customer's ticket to `in_progress`, for
 *       half the customers one call at a time, for the other half BENCH_CONCURRENCY (4) calls in
 *       flight; latency = REST call start -> that customer's `notification` event;
 *    b. new ticket -> every agent: BENCH_ROUNDS tickets opened by customers; latency = REST call
 *       start -> each agent's `notification` (one sample per agent per round) and to the last agent.
 *    Prints p50/p90/p99/max in ms.
 * 2. e-mail: how fast the outbox drains to SMTP. Starts an in-process SMTP sink (`smtp-server`) and
 *    BENCH_MAIL_APIS (1) API processes on one database with `SMTP_URL` pointing at it (OUTBOX_* and
 *    SMTP_POOL_SIZE/SMTP_MAX_MESSAGES in this environment are passed on), then enqueues BENCH_MAILS
 *    (3,000) messages:
 *    - BENCH_MAIL_SOURCE=sql (the default): inserted in one transaction straight into the
 *      `outbox_messages` table of the API's SQLite file, as the API itself writes them (the drain
 *      rate alone, the API otherwise idle);
 *    - BENCH_MAIL_SOURCE=rest: BENCH_MAIL_USERS (200) customers open tickets through
 *      `POST /api/tickets`, BENCH_MAIL_USERS requests in flight, one acknowledgement e-mail each
 *      (the drain competing with the requests that fill it).
 *    Prints messages/s drained (from the first message enqueued, and between the first and last
 *    arrival at the sink), the time until the outbox is empty, SMTP connections opened, the API's
 *    CPU time and the load average, and checks that every message's Message-ID arrived exactly once
 *    (waiting 3 s after the outbox emptied for late duplicates); exits 1 when one did not.
 * Bounded (fixed number of calls, BENCH_TIMEOUT_MS watchdog per section, 300 s), loopback only; on
 * Ctrl-C or SIGTERM it stops the APIs and deletes their data first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { SMTPServer } from 'smtp-server';
import { io } from 'socket.io-client';
import sqlite3 from 'sqlite3';

import { freePort, waitUntilUp } from './support.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const ONLY = process.env.BENCH_ONLY ?? '';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const MAILS = Number(process.env.BENCH_MAILS ?? 3000);
const MAIL_SOURCE = process.env.BENCH_MAIL_SOURCE ?? 'sql';
const MAIL_USERS = Number(process.env.BENCH_MAIL_USERS ?? 200);
const MAIL_APIS = Number(process.env.BENCH_MAIL_APIS ?? 1);
const WATCHDOG_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 300_000);
const PASSWORD = 'violet-harbor-lantern-42';

if (!['', 'socket', 'mail'].includes(ONLY)) throw new Error('BENCH_ONLY must be socket or mail');
if (!['sql', 'rest'].includes(MAIL_SOURCE)) throw new Error('BENCH_MAIL_SOURCE must be sql or rest');

/** Starts the built API on `port` with `dataDir` and `extraEnv`; resolves once /api/health answers. */
async function startApi(dataDir, port, extraEnv = {}) {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
      AUTH_FAILURE_LIMIT: '1000000',
      API_RATE_LIMIT: '100000000',
      BCRYPT_ROUNDS: '4',
      WEB_DIR: join(dataDir, 'none'),
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilUp(child, `http://127.0.0.1:${port}/api/health`);
  return child;
}

/** Runs one statement on the SQLite file; resolves with its rows. */
function sql(file, statement, params = []) {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(file);
    db.configure('busyTimeout', 5000);
    db.all(statement, params, (error, rows) => {
      db.close();
      if (error) fail(error);
      else done(rows);
    });
  });
}

async function call(base, method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** `i` spelled in letters (0 -> Aa, 1 -> Ab, ...): user names may not hold digits. */
const letters = (i) =>
  [...i.toString(26).padStart(2, '0')]
    .map((digit, k) => String.fromCharCode((k ? 97 : 65) + parseInt(digit, 26)))
    .join('');

/** Runs `task(i)` for i in [0, count) with `width` in flight. */
async function pool(count, width, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function percentiles(label, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const f = (v) => v.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(52)} n=${String(sorted.length).padStart(5)}  p50 ${f(at(50))}  p90 ${f(at(90))}  p99 ${f(at(99))}  max ${f(sorted.at(-1))} ms`,
  );
}

/** The running section's cleanup, for the signal handlers. */
let cleanupOnSignal = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanupOnSignal?.();
    process.exit(130);
  });
}

/** Runs `body` with a watchdog of WATCHDOG_MS; `cleanup` runs in every case. */
async function section(name, body, cleanup) {
  cleanupOnSignal = cleanup;
  const watchdog = setTimeout(() => {
    console.error(`bench:notify ${name} did not finish within ${WATCHDOG_MS} ms; stopping`);
    cleanup();
    process.exit(1);
  }, WATCHDOG_MS);
  try {
    return await body();
  } finally {
    clearTimeout(watchdog);
    cleanupOnSignal = null;
    cleanup();
  }
}

/** User + system CPU time a process has used so far, in s (Linux `/proc`), or NaN elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Section 1: socket.io delivery latency with CLIENTS clients connected. */
async function benchSockets() {
  const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-notify-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await startApi(dataDir, port);
  const sockets = [];
  const cleanup = () => {
    sockets.forEach((s) => s.close());
    api.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  await section(
    'socket.io',
    async () => {
      console.log(
        `bench:notify: ${CLIENTS} socket.io clients (${AGENTS} agents, ${CLIENTS - AGENTS} customers) on ${base}`,
      );
      const users = [];
      await pool(CLIENTS, 8, async (i) => {
        const res = await call(base, 'POST', '/api/auth/register', null, {
          email: `bench${i}@example.com`,
          password: PASSWORD,
          name: `Bench ${letters(i)}`,
        });
        users[i] = { id: res.user.id, token: res.accessToken, agent: i < AGENTS };
      });
      // Roles are read from the database on every request and connection, so these tokens now act as agents.
      await sql(
        join(dataDir, 'helpdesk.sqlite'),
        `update users set role = 'agent' where email in (${users
          .filter((u) => u.agent)
          .map(() => '?')
          .join(',')})`,
        users.filter((u) => u.agent).map((_, i) => `bench${i}@example.com`),
      );
      const customers = users.filter((u) => !u.agent);
      const agents = users.filter((u) => u.agent);
      await pool(customers.length, 8, async (i) => {
        customers[i].ticketId = (
          await call(base, 'POST', '/api/tickets', customers[i].token, {
            subject: `Bench ticket ${i}`,
            description: 'Benchmark',
          })
        ).id;
      });

      const waiting = new Map(); // key -> resolve(timestamp)
      await pool(users.length, 50, async (i) => {
        const user = users[i];
        const socket = io(base, {
          auth: { token: user.token },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        sockets.push(socket);
        socket.on('notification', (n) => {
          const key = `${user.id}:${n.ticketId}:${n.type}`;
          const done = waiting.get(key);
          if (done) {
            waiting.delete(key);
            done(performance.now());
          }
        });
        await new Promise((ok, fail) => {
          socket.once('connect', ok);
          socket.once('connect_error', fail);
        });
      });
      console.log(`connected ${sockets.length} clients`);
      const expect = (userId, ticketId, type) =>
        new Promise((ok) => waiting.set(`${userId}:${ticketId}:${type}`, ok));

      const agent = await call(base, 'POST', '/api/auth/login', null, {
        email: 'agent@example.com',
        password: 'agent123',
      });
      // 1. status change -> customer: half the customers one call at a time, the other half with CONCURRENCY in flight.
      const half = Math.floor(customers.length / 2);
      const runStatus = async (group, width) => {
        const rest = [];
        const delivery = [];
        await pool(group.length, width, async (i) => {
          const { id, ticketId } = group[i];
          const delivered = expect(id, ticketId, 'ticket.status_changed');
          const start = performance.now();
          await call(base, 'PATCH', `/api/tickets/${ticketId}/status`, agent.accessToken, {
            status: 'in_progress',
          });
          rest.push(performance.now() - start);
          delivery.push((await delivered) - start);
        });
        return { rest, delivery };
      };
      const sequential = await runStatus(customers.slice(0, half), 1);
      const loaded = await runStatus(customers.slice(half), CONCURRENCY);

      const perAgent = [];
      const lastAgent = [];
      for (let round = 0; round < ROUNDS; round++) {
        const author = customers[round % customers.length];
        const start = performance.now();
        const created = call(base, 'POST', '/api/tickets', author.token, {
          subject: `Fan-out ${round}`,
          description: 'Benchmark',
        });
        // The id is known only from the response; match agents' notifications by the ticket id once it is.
        const arrivals = agents.map(() => null);
        const pending = new Map(agents.map((a, k) => [a.id, k]));
        const listeners = agents.map((a, k) => {
          const socket = sockets[users.indexOf(a)];
          const handler = (n) => {
            if (n.type === 'ticket.created' && n.title.endsWith(`: Fan-out ${round}`) && pending.has(a.id)) {
              arrivals[k] = performance.now() - start;
              pending.delete(a.id);
            }
          };
          socket.on('notification', handler);
          return () => socket.off('notification', handler);
        });
        await created;
        while (pending.size) await new Promise((r) => setTimeout(r, 1));
        listeners.forEach((off) => off());
        perAgent.push(...arrivals);
        lastAgent.push(Math.max(...arrivals));
      }

      console.log('');
      percentiles('REST PATCH status, 1 in flight (response)', sequential.rest);
      percentiles('status change -> customer notification, 1 in flight', sequential.delivery);
      percentiles(`REST PATCH status, ${CONCURRENCY} in flight (response)`, loaded.rest);
      percentiles(`status change -> customer notification, ${CONCURRENCY} in flight`, loaded.delivery);
      percentiles(`new ticket -> each agent notification (${AGENTS} agents)`, perAgent);
      percentiles('new ticket -> last agent notified', lastAgent);
    },
    cleanup,
  );
}

/**
 * An SMTP server on loopback that counts each Message-ID it accepts and when; `connections`
 * counts the SMTP connections opened to it.
 */
async function startSmtpSink() {
  const sink = { counts: new Map(), first: 0, last: 0, connections: 0, server: null, port: 0 };
  sink.server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      sink.connections++;
      callback();
    },
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '(none)';
        sink.counts.set(id, (sink.counts.get(id) ?? 0) + 1);
        sink.last = performance.now();
        sink.first ||= sink.last;
        callback();
      });
    },
  });
  await new Promise((ok, fail) => {
    sink.server.once('error', fail);
    sink.server.listen(0, '127.0.0.1', ok);
  });
  sink.port = sink.server.server.address().port;
  return sink;
}

/** Inserts `count` due outbox messages in one transaction, shaped like a reply notification. */
function enqueueDirectly(file, count) {
  const db = new sqlite3.Database(file);
  db.configure('busyTimeout', 5000);
  const now = Date.now();
  const text = `Hello Bench Customer,\n\n${'Alex Agent replied to your request: thank you for waiting. '.repeat(6)}\n\nOpen the ticket: http://localhost/tickets/1\n`;
  const html = `<p>Hello Bench Customer,</p><p>${'Alex Agent replied to your request: thank you for waiting. '.repeat(6)}</p><p><a href="http://localhost/tickets/1">Open the ticket</a></p>`;
  return new Promise((done, fail) => {
    db.serialize(() => {
      db.run('begin');
      const insert = db.prepare(
        'insert into outbox_messages ("to", subject, text, html, attempts, next_attempt_at, created_at) values (?, ?, ?, ?, 0, ?, ?)',
      );
      for (let i = 0; i < count; i++) {
        insert.run(
          `bench${i % 500}@example.com`,
          `[HD-${i}] Bench request (In progress)`,
          text,
          html,
          now,
          now,
        );
      }
      insert.finalize();
      db.run('commit', (error) => (db.close(), error ? fail(error) : done()));
    });
  });
}

/** Section 2: e-mail outbox drain rate to an SMTP sink, and the exactly-once check. */
async function benchMail() {
  const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-mail-'));
  const file = join(dataDir, 'helpdesk.sqlite');
  const sink = await startSmtpSink();
  const outboxEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name.startsWith('OUTBOX_') || (name.startsWith('SMTP_') && name !== 'SMTP_URL'),
    ),
  );
  const apis = [];
  const cleanup = () => {
    apis.forEach((api) => api.kill('SIGTERM'));
    sink.server.close(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  let ok = false;
  await section(
    'e-mail',
    async () => {
      const ports = [];
      // One after the other, so only the first seeds the empty database.
      for (let i = 0; i < MAIL_APIS; i++) {
        ports.push(await freePort());
        apis.push(
          await startApi(dataDir, ports[i], { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, ...outboxEnv }),
        );
      }
      const base = `http://127.0.0.1:${ports[0]}`;
      const customers = [];
      if (MAIL_SOURCE === 'rest') {
        await pool(MAIL_USERS, 8, async (i) => {
          const res = await call(base, 'POST', '/api/auth/register', null, {
            email: `mail${i}@example.com`,
            password: PASSWORD,
            name: `Mail ${letters(i)}`,
          });
          customers[i] = res.accessToken;
        });
      }
      // Registration sends no e-mail, but the seed may have: start from a sent outbox.
      const pending = async () =>
        (
          await sql(
            file,
            'select count(*) as n from outbox_messages where sent_at is null and failed_at is null',
          )
        )[0].n;
      while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 100));
      const before = (await sql(file, 'select count(*) as n from outbox_messages'))[0].n;
      sink.counts.clear();
      sink.first = 0;
      const connectionsBefore = sink.connections;
      const cpuBefore = apis.map((api) => cpuSeconds(api.pid));
      console.log(
        `\nbench:notify e-mail: ${MAILS} messages via ${MAIL_SOURCE === 'sql' ? 'direct insert into outbox_messages' : `POST /api/tickets by ${MAIL_USERS} customers in parallel`}, ${MAIL_APIS} API process(es), SMTP sink on 127.0.0.1:${sink.port}; load average ${load()}`,
      );

      const start = performance.now();
      let enqueued = start;
      let retried = 0;
      if (MAIL_SOURCE === 'sql') {
        await enqueueDirectly(file, MAILS);
      } else {
        await pool(MAILS, MAIL_USERS, async (i) => {
          // An overloaded API may answer 503 (try again): each ticket is opened, so each e-mail queued.
          for (let attempt = 1; ; attempt++) {
            try {
              await call(base, 'POST', `/api/tickets`, customers[i % MAIL_USERS], {
                subject: `Mail bench ${i}`,
                description: 'Benchmark',
              });
              return;
            } catch (error) {
              if (attempt === 5 || !/: 503 /.test(error.message)) throw error;
              retried++;
              await new Promise((r) => setTimeout(r, 200));
            }
          }
        });
      }
      enqueued = performance.now();
      let left = await pending();
      const leftAtEnqueued = left;
      while (left > 0) {
        await new Promise((r) => setTimeout(r, 50));
        left = await pending();
      }
      const empty = performance.now();
      const cpu = apis.map((api, i) => cpuSeconds(api.pid) - cpuBefore[i]);
      await new Promise((r) => setTimeout(r, 3000));

      const rows = await sql(
        file,
        'select id, sent_at, failed_at from outbox_messages where id > ? order by id',
        [before],
      );
      const ids = new Map(rows.map((r) => [r.id, 0]));
      let strangers = 0;
      for (const [messageId, count] of sink.counts) {
        const id = Number(/^<outbox-(\d+)-/.exec(messageId)?.[1]);
        if (ids.has(id)) ids.set(id, ids.get(id) + count);
        else strangers += count;
      }
      const counts = [...ids.values()];
      const missing = counts.filter((c) => c === 0).length;
      const twice = counts.filter((c) => c > 1).length;
      const failed = rows.filter((r) => r.failed_at !== null).length;
      const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
      const rate = (n, ms) => `${(n / (ms / 1000)).toFixed(0)} messages/s`;
      console.log(
        `enqueued ${rows.length} messages in ${s(enqueued - start)}${retried ? ` (${retried} requests retried after a 503)` : ''}; ${leftAtEnqueued} still unsent then`,
      );
      console.log(
        `outbox empty after     ${s(empty - start)} from the first enqueued (${rate(rows.length, empty - start)})`,
      );
      console.log(`                       ${s(empty - enqueued)} after the last enqueued`);
      console.log(
        `sink: first to last   ${s(sink.last - sink.first)} (${rate(rows.length, sink.last - sink.first)})`,
      );
      console.log(`SMTP connections opened: ${sink.connections - connectionsBefore}`);
      console.log(
        `API CPU time: ${cpu.map((c) => `${c.toFixed(2)} s`).join(' + ')} (${((cpu.reduce((a, b) => a + b, 0) / rows.length) * 1000).toFixed(2)} ms a message); load average ${load()}`,
      );
      ok = missing === 0 && twice === 0 && strangers === 0 && failed === 0 && rows.length === MAILS;
      console.log(
        `exactly once per Message-ID: ${ok ? 'yes' : 'NO'} (${rows.length} queued, ${rows.length - missing} arrived, ${twice} more than once, ${missing} missing, ${failed} given up, ${strangers} unknown)`,
      );
    },
    cleanup,
  );
  return ok;
}

let failed = false;
if (ONLY !== 'mail') await benchSockets();
if (ONLY !== 'socket') failed = !(await benchMail());
process.exit(failed ? 1 : 0);
