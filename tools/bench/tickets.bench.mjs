#!/usr/bin/env node
/**
 * `npm run bench`: throughput and latency of the ticket API on SQLite with 100,000 tickets.
 *
 * Starts the built API (dist/apps/api/main.js; run `npm run build` first) on a fresh data directory,
 * bulk-loads tickets straight into SQLite, then drives loopback HTTP with autocannon for a bounded
 * time per scenario and prints requests/s and latency percentiles (ms). Loopback only; stops itself.
 * Env: BENCH_TICKETS (100000), BENCH_SECONDS per scenario (10), BENCH_CONNECTIONS (50).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';
import sqlite3 from 'sqlite3';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

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
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
      WEB_DIR: join(dataDir, 'none'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
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

function bulkLoad(file, count) {
  const db = new sqlite3.Database(file);
  const statuses = ['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed', 'reopened'];
  return new Promise((done, fail) => {
    db.serialize(() => {
      db.run('begin');
      const insert = db.prepare(
        'insert into tickets (subject, description, status, priority, category, customer_id, assignee_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const start = Date.now() - count * 60_000;
      for (let i = 0; i < count; i++) {
        const at = start + i * 60_000;
        insert.run(
          `Bench ticket ${i}`,
          `Generated description ${i} for the benchmark`,
          statuses[i % 6],
          i % 4,
          'general',
          4 + (i % 2),
          i % 3 === 0 ? 2 : null,
          at,
          at,
        );
      }
      insert.finalize();
      db.run('commit');
      db.run('analyze', (error) => (db.close(), error ? fail(error) : done()));
    });
  });
}

async function login(url, email, password) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return (await res.json()).accessToken;
}

function run(title, options) {
  return new Promise((done, fail) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }, (error, result) => {
      if (error) return fail(error);
      const non2xx = result.non2xx + result.errors;
      console.log(
        `${title.padEnd(48)} ${String(Math.round(result.requests.average)).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms${non2xx ? `   (${non2xx} failed)` : ''}`,
      );
      done(result);
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
let api = await startApi(dataDir, port);
api.kill('SIGTERM');
await new Promise((r) => api.once('exit', r));
console.log(`Loading ${TICKETS} tickets into SQLite...`);
await bulkLoad(join(dataDir, 'helpdesk.sqlite'), TICKETS);
api = await startApi(dataDir, port);
try {
  const agent = await login(url, 'agent@example.com', 'agent123');
  const customer = await login(url, 'customer@example.com', 'customer123');
  console.log(
    `\n${TICKETS} tickets, ${CONNECTIONS} connections, ${SECONDS} s a scenario, node ${process.version}\n`,
  );
  await run('GET /api/health', { url: `${url}/api/health` });
  await run('agent: queue, newest first (page 1 of 20)', {
    url: `${url}/api/tickets`,
    headers: { authorization: `Bearer ${agent}` },
  });
  await run('agent: queue filtered by status=open', {
    url: `${url}/api/tickets?status=open`,
    headers: { authorization: `Bearer ${agent}` },
  });
  await run('agent: my tickets (assigneeId) by status', {
    url: `${url}/api/tickets?assigneeId=2&status=in_progress`,
    headers: { authorization: `Bearer ${agent}` },
  });
  await run('customer: own tickets, newest first', {
    url: `${url}/api/tickets`,
    headers: { authorization: `Bearer ${customer}` },
  });
  await run('agent: one ticket with its thread', {
    url: `${url}/api/tickets/2`,
    headers: { authorization: `Bearer ${agent}` },
  });
  await run('customer: open a ticket (POST, writes)', {
    url: `${url}/api/tickets`,
    method: 'POST',
    headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'Bench', description: 'Opened by the benchmark' }),
  });
} finally {
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
