#!/usr/bin/env node
/**
 * `node tools/bench/reports.bench.mjs`: the reports (`GET /api/reports/summary`, `/agents`) on a
 * year of tickets in SQLite, timed end to end (HTTP included) as an admin and as an agent.
 *
 * Loads BENCH_TICKETS (1,000,000) tickets into the seeded database, evenly over the year before
 * now: 95 % answered within 8 h, 90 % of those resolved within 5 days, 80 % of those closed a week
 * later, 2 % of the resolved reopened (with their history: the resolution and the reopening), 1 %
 * deleted; SLA due times 8 h / 5 days after creation; assigned in turn to the two demo agents;
 * auto-close off (see AUTO_CLOSE_OFF). Then, for each report, one cold
 * request and the median of BENCH_ROUNDS (5) more.
 *
 * Needs the built API (`nx build api`): dist/apps/api/main.js. Env: BENCH_TICKETS, BENCH_ROUNDS,
 * BENCH_DATA_DIR (keep the data there and reuse it on the next run instead of loading it again),
 * BENCH_PG_URL (a PostgreSQL server: the same data in a scratch database, created and dropped; loaded
 * without the tickets' row triggers, so search and the queue's counts do not see it, and the report
 * day counts then made by their migration, run again; BENCH_PG_KEEP=1 keeps it for a look),
 * BENCH_TIME_ZONE (business hours on in that IANA zone, so that reports count its days; UTC, the
 * default, turns them off; the time the API takes to count the report days again for the zone is
 * printed).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import sqlite3 from 'sqlite3';

import { freePort, waitUntilUp } from './support.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ONLY = process.env.BENCH_CASES?.split(',');
const API_MAIN = join(root, 'dist/apps/api/main.js');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * Auto-close off: its first runs would close the year's resolved tickets (about 170,000), a minute
 * of batches at a time, beside the reports measured.
 */
const AUTO_CLOSE_OFF = `insert into settings (key, value, updated_at) values ('autoClose', '{"resolvedAfterDays":0}', ?)
  on conflict (key) do update set value = excluded.value`;
/** The migration that makes and fills `report_day_counts` (PostgreSQL: run again after the load). */
const DAY_COUNTS_MIGRATION = 'Migration20261128020000_report_day_counts';

async function startApi(dataDir, databaseUrl) {
  const port = await freePort();
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
      API_RATE_LIMIT: '100000000',
      WEB_DIR: join(dataDir, 'none'),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(child, `${url}/api/health`, { timeoutMs: 300_000 });
  return {
    url,
    stop: () =>
      new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))),
  };
}

/** A small deterministic generator (the same data on every run). */
function random(seed = 42) {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function bulkLoad(file, count) {
  const db = new sqlite3.Database(file);
  const r = random();
  const start = Date.now() - 365 * DAY;
  return new Promise((done, fail) => {
    db.serialize(() => {
      db.run('pragma journal_mode = wal');
      db.run('begin');
      const insert = db.prepare(
        `insert into tickets (number, subject, description, status, priority, category, customer_id, assignee_id, created_at, updated_at,
          first_response_at, resolved_at, closed_at, deleted_at, first_response_due_at, resolution_due_at,
          first_response_minutes, resolution_minutes)
         values (?, 'Report bench', 'D', ?, ?, 'general', 4, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (let i = 0; i < count; i++) {
        const created = start + Math.floor((i / count) * 365 * DAY);
        const now = Date.now();
        const responded = r() < 0.95 ? created + Math.floor(r() * 8 * HOUR) : null;
        const resolving = responded && r() < 0.9 ? responded + Math.floor(r() * 5 * DAY) : null;
        const resolved = resolving && resolving < now ? resolving : null;
        const closed = resolved && r() < 0.8 && resolved + 7 * DAY < now ? resolved + 7 * DAY : null;
        const reopened = resolved && !closed && r() < 0.02 ? resolved + HOUR : null;
        const status = reopened
          ? 'reopened'
          : closed
            ? 'closed'
            : resolved
              ? 'resolved'
              : responded
                ? 'in_progress'
                : 'open';
        insert.run(
          `RB-${i}`,
          status,
          i % 4,
          responded ? 2 + (i % 2) : null,
          created,
          created,
          responded,
          resolved,
          closed,
          r() < 0.01 ? created + 1000 : null,
          created + 8 * HOUR,
          created + 5 * DAY,
          // The durations reports read, as the API keeps them with business hours off.
          responded ? (responded - created) / MINUTE : null,
          resolved ? (resolved - created) / MINUTE : null,
        );
      }
      insert.finalize();
      // The reopened tickets' history: the resolution, then the reopening an hour later. (One
      // statement after the tickets: a prepared statement naming "the last ticket" ran after all
      // the inserts and gave every event to one ticket.)
      db.run(
        `insert into ticket_history (ticket_id, at, actor_id, system, type, from_value, to_value, internal)
         select id, resolved_at, 2 + id % 2, 0, 'status_changed', 'in_progress', 'resolved', 0
         from tickets where status = 'reopened' and number like 'RB-%'
         union all
         select id, resolved_at + ${HOUR}, 4, 0, 'status_changed', 'resolved', 'reopened', 0
         from tickets where status = 'reopened' and number like 'RB-%'`,
      );
      db.run(AUTO_CLOSE_OFF, [Date.now()]);
      db.run('commit');
      db.run('pragma analysis_limit = 1000');
      db.run('analyze', (error) => (error ? fail(error) : db.close(() => done())));
    });
  });
}

/** The same data as {@link bulkLoad}, generated by PostgreSQL itself. */
async function bulkLoadPg(url, count) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select setseed(0.42)');
    // Without the row triggers (search documents, per-status counts): the reports read neither,
    // and with them a million inserts take many minutes.
    await client.query('set session_replication_role = replica');
    await client.query(`
      with base as (
        select i, now() - interval '365 days' + (i::float8 / ${count}) * interval '365 days' as created,
          random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7
        from generate_series(0, ${count - 1}) i
      ), a as (select *, case when r1 < 0.95 then created + r2 * interval '8 hours' end as responded from base
      ), b as (select *, case when responded is not null and r3 < 0.9 and responded + r4 * interval '5 days' < now()
                 then responded + r4 * interval '5 days' end as resolved from a
      ), c as (select *, case when resolved is not null and r5 < 0.8 and resolved + interval '7 days' < now()
                 then resolved + interval '7 days' end as closed from b
      ), d as (select *, resolved is not null and closed is null and r6 < 0.02 as reopened from c)
      insert into tickets (number, subject, description, status, priority, category, customer_id, assignee_id, created_at, updated_at,
        first_response_at, resolved_at, closed_at, deleted_at, first_response_due_at, resolution_due_at,
        first_response_minutes, resolution_minutes)
      select 'RB-' || i, 'Report bench', 'D',
        case when reopened then 'reopened' when closed is not null then 'closed' when resolved is not null then 'resolved'
             when responded is not null then 'in_progress' else 'open' end,
        i % 4, 'general', 4, case when responded is not null then 2 + i % 2 end, created, created, responded, resolved, closed,
        case when r7 < 0.01 then created + interval '1 second' end, created + interval '8 hours', created + interval '5 days',
        extract(epoch from responded - created) / 60, extract(epoch from resolved - created) / 60
      from d`);
    await client.query(`
      insert into ticket_history (ticket_id, at, actor_id, system, type, from_value, to_value, internal)
      select id, resolved_at, 2 + id % 2, false, 'status_changed', 'in_progress', 'resolved', false
      from tickets where status = 'reopened' and number like 'RB-%'
      union all
      select id, resolved_at + interval '1 hour', 4, false, 'status_changed', 'resolved', 'reopened', false
      from tickets where status = 'reopened' and number like 'RB-%'`);
    // The report day counts as an upgrade makes them: their migration is undone here and runs
    // again when the API starts, filling them from the loaded tickets.
    await client.query('drop trigger report_day_counts_maintain on tickets');
    await client.query('drop function report_day_counts_maintain()');
    await client.query('drop table report_day_counts');
    await client.query(`delete from mikro_orm_migrations where name = '${DAY_COUNTS_MIGRATION}'`);
    await client.query(AUTO_CLOSE_OFF.replace('?', '$1'), [new Date()]);
    // As autovacuum would: the visibility map lets the covering indexes answer alone.
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

/** The zone the report days are counted for now (the `reportDays` settings row; none: UTC). */
async function reportDaysZone(databaseUrl, file) {
  const sql = "select value from settings where key = 'reportDays'";
  let rows;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    rows = (await client.query(sql)).rows;
    await client.end();
  } else {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
    rows = await new Promise((done, fail) =>
      db.all(sql, (error, result) => (error ? fail(error) : done(result))),
    );
    await new Promise((done) => db.close(done));
  }
  return rows.length ? JSON.parse(rows[0].value).timeZone : 'UTC';
}

/**
 * Business hours on in `zone` (off for UTC), then waits for the API to count the report days
 * again for it (in the background, see `ReportDayCountsService`) and says how long that took.
 */
async function useTimeZone(url, token, zone) {
  const res = await fetch(`${url}/api/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      businessHours: zone === 'UTC' ? { enabled: false } : { enabled: true, timeZone: zone },
    }),
  });
  if (res.status !== 200) throw new Error(`PATCH /api/settings: ${res.status} ${await res.text()}`);
  const started = Date.now();
  if ((await reportDaysZone(databaseUrl, file)) === zone) return;
  while ((await reportDaysZone(databaseUrl, file)) !== zone) await new Promise((r) => setTimeout(r, 200));
  console.log(`report days counted again for ${zone} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function login(url, email, password) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return (await res.json()).accessToken;
}

async function time(url, token, path) {
  const started = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return performance.now() - started;
}

const pgUrl = process.env.BENCH_PG_URL;
const keep = process.env.BENCH_DATA_DIR;
const dataDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'reports-bench-'));
const file = join(dataDir, 'helpdesk.sqlite');
let databaseUrl;
let server;
if (pgUrl) {
  server = new pg.Client({ connectionString: pgUrl });
  await server.connect();
  const name = `helpdesk_reports_bench_${process.pid}`;
  await server.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  const seeded = await startApi(dataDir, databaseUrl);
  await seeded.stop();
  const loading = Date.now();
  await bulkLoadPg(databaseUrl, TICKETS);
  console.log(`loaded ${TICKETS} tickets into PostgreSQL in ${((Date.now() - loading) / 1000).toFixed(0)} s`);
} else if (!existsSync(file)) {
  const seeded = await startApi(dataDir);
  await seeded.stop();
  const loading = Date.now();
  await bulkLoad(file, TICKETS);
  console.log(`loaded ${TICKETS} tickets in ${((Date.now() - loading) / 1000).toFixed(0)} s`);
}
const api = await startApi(dataDir, databaseUrl);
try {
  const admin = await login(api.url, 'admin@example.com', 'admin123');
  const agent = await login(api.url, 'agent@example.com', 'agent123');
  const zone = process.env.BENCH_TIME_ZONE ?? 'UTC';
  await useTimeZone(api.url, admin, zone);
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 364 * DAY).toISOString().slice(0, 10);
  const year = `from=${from}&to=${to}`;
  const cases = [
    ['summary, a year by day (admin)', admin, `/api/reports/summary?${year}&interval=day`],
    ['summary, a year by week (admin)', admin, `/api/reports/summary?${year}&interval=week`],
    ['summary, a year by month (admin)', admin, `/api/reports/summary?${year}&interval=month`],
    ['summary, a year by month (agent: own)', agent, `/api/reports/summary?${year}&interval=month`],
    [
      'summary, a year, priority filter (admin)',
      admin,
      `/api/reports/summary?${year}&interval=month&priority=high`,
    ],
    [
      'summary, last 30 days by day (admin)',
      admin,
      `/api/reports/summary?from=${new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10)}&to=${to}`,
    ],
    ['agents, a year (admin)', admin, `/api/reports/agents?${year}`],
    ['agents, a year (agent: own)', agent, `/api/reports/agents?${year}`],
    ['summary CSV, a year by day (admin)', admin, `/api/reports/summary?${year}&format=csv`],
  ];
  console.log(
    `${TICKETS} tickets over a year on ${pgUrl ? 'PostgreSQL' : 'SQLite'}, days in ${zone}; ms per request (cold, then the median of ${ROUNDS})`,
  );
  for (const [name, token, path] of cases.filter((_, i) => !ONLY || ONLY.includes(String(i)))) {
    const cold = await time(api.url, token, path);
    const warm = [];
    for (let i = 0; i < ROUNDS; i++) warm.push(await time(api.url, token, path));
    warm.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(44)} ${cold.toFixed(0).padStart(6)} ${warm[Math.floor(ROUNDS / 2)].toFixed(0).padStart(6)}`,
    );
  }
} finally {
  await api.stop();
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
  if (server) {
    if (process.env.BENCH_PG_KEEP) console.log(`kept ${databaseUrl}`);
    else await server.query(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
    await server.end();
  }
}
