#!/usr/bin/env node
/**
 * `npm run bench:notify`: with 1,000 socket.io clients connected to the API, how long from the
 * REST call that changes a ticket to the delivery of its notification over the socket.
 *
 * Starts the built API (dist/apps/api/main.js; run `npm run build` first) on a fresh SQLite data
 * directory, registers BENCH_CLIENTS users (default 1,000: BENCH_AGENTS of them made agents, the
 * rest customers with one ticket each), connects one websocket per user on loopback, then:
 * 1. status change -> customer: the demo agent moves each customer's ticket to `in_progress`, for
 *    half the customers one call at a time, for the other half BENCH_CONCURRENCY (4) calls in
 *    flight; latency = REST call start -> that customer's `notification` event (one sample per customer);
 * 2. new ticket -> every agent: BENCH_ROUNDS tickets opened by customers; latency = REST call
 *    start -> each agent's `notification` (one sample per agent per round) and to the last agent.
 * Prints p50/p90/p99/max in ms. Bounded (fixed number of calls, 120 s watchdog), loopback only,
 * stops the API and deletes its data directory at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { io } from 'socket.io-client';
import sqlite3 from 'sqlite3';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const WATCHDOG_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 120_000);
const PASSWORD = 'violet-harbor-lantern-42';

const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

async function startApi(dataDir, port) {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
      BCRYPT_ROUNDS: '4',
      WEB_DIR: join(dataDir, 'none'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('API did not start');
}

function sql(file, statement, params = []) {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(file);
    db.configure('busyTimeout', 5000);
    db.run(statement, params, (error) => {
      db.close();
      if (error) fail(error);
      else done();
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

const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-notify-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = await startApi(dataDir, port);
const sockets = [];
const watchdog = setTimeout(() => {
  console.error(`bench:notify did not finish within ${WATCHDOG_MS} ms; stopping`);
  cleanup();
  process.exit(1);
}, WATCHDOG_MS);
function cleanup() {
  sockets.forEach((s) => s.close());
  api.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

try {
  console.log(
    `bench:notify: ${CLIENTS} socket.io clients (${AGENTS} agents, ${CLIENTS - AGENTS} customers) on ${base}`,
  );
  const users = [];
  await pool(CLIENTS, 8, async (i) => {
    const res = await call(base, 'POST', '/api/auth/register', null, {
      email: `bench${i}@example.com`,
      password: PASSWORD,
      name: `Bench ${i}`,
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
        if (n.type === 'ticket.created' && n.title === `New ticket: Fan-out ${round}` && pending.has(a.id)) {
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
} finally {
  clearTimeout(watchdog);
  cleanup();
}
