#!/usr/bin/env node
/**
 * `npm run bench`: the ticket API beside its floor, on the same SQLite file, in one run.
 *
 * The floor (`tools/bench/floor.mjs`) is a raw `node:http` + `sqlite3` server doing the same work per
 * request as the API; the ratio API/floor says what the framework, the ORM and the product's own
 * checks cost. Both servers run on core 0 and the load generator (autocannon, in this process) on
 * core 1 when `taskset` exists. Each scenario: a warm-up, then `BENCH_ROUNDS` rounds that alternate
 * API and floor, `BENCH_SECONDS` each; the table shows medians.
 *
 * Needs the built API (`npm run build`, or `nx build api`): dist/apps/api/main.js.
 * Env: BENCH_TICKETS (100000), BENCH_SECONDS a round (5), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50),
 * BENCH_SCENARIOS (comma-separated names to run a subset), BENCH_JSON (a file to write the results to),
 * BENCH_API_MAIN (another build of the API to measure), BENCH_API_NODE_ARGS (node options for the API, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`: the profile is written when the API stops), BENCH_DATA_DIR (keep the
 * loaded data there and reuse it on the next run instead of loading it again, migrated by the build
 * under test first; each run works on a copy beside it, `<dir>-run-*`, removed at the end, so the
 * tickets and replies one run creates never reach the next: mind the disk, about 1 GB a copy at 1M),
 * BENCH_IDLE_SECONDS (60: how long the API is left idle after
 * the run before its memory is read again; 0 skips it), BENCH_PG_URL (a PostgreSQL server, e.g.
 * `postgres://postgres@127.0.0.1:5432/postgres`: the API runs on PostgreSQL instead, on a database
 * of its own holding the same rows, copied from the SQLite load (`postgres.mjs`); there is no floor
 * for PostgreSQL, so its columns stay empty and only the API's figures count. The database server
 * is not pinned. With BENCH_DATA_DIR the loaded database, `helpdesk_bench_<tickets>`, is kept for the
 * next run, which works on a copy of it; without, the run's database is dropped at the end).
 * Beside requests a second and latency, each scenario shows the CPU time each server used per request
 * answered (ms, all its threads, median of the rounds): the cost of a request, which drifts less than
 * throughput on a shared machine. It counts what the server did during the round's load (work a
 * request leaves for after its answer, as the API's listeners and workers do, counts only as far as
 * it falls within the round).
 * Prints start-up time with the data loaded (ms), the API's resident memory right after the run and
 * after `BENCH_IDLE_SECONDS` idle (MB), and exits non-zero when any API request answered 5xx.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';
import sqlite3 from 'sqlite3';

import {
  copyIntoPostgres,
  databaseExists,
  databaseUrl,
  dropDatabase,
  recreateDatabase,
  withClient,
} from './postgres.mjs';
import { freePort, waitUntilUp } from './support.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ONLY = process.env.BENCH_SCENARIOS?.split(',').filter(Boolean);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const API_MAIN = resolve(process.env.BENCH_API_MAIN ?? join(root, 'dist/apps/api/main.js'));
/** Extra node options for the API, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under the load. */
const API_NODE_ARGS = process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
/** A PostgreSQL server to run the API on instead of SQLite (see the header); no floor then. */
const PG_URL = process.env.BENCH_PG_URL;

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return cpus().length > 1;
  } catch {
    return false;
  }
})();

/**
 * Starts `node <args>` on core 0 and resolves once `url` answers 200, with the time that took (ms).
 * Both servers get glibc's `MALLOC_ARENA_MAX=2`, as the product runs (`npm start`, the Docker
 * image), unless the environment sets it.
 */
async function startServer(args, env, url) {
  const started = Date.now();
  const command = hasTaskset ? 'taskset' : process.execPath;
  const argv = hasTaskset ? ['-c', '0', process.execPath, ...args] : args;
  const child = spawn(command, argv, {
    env: { MALLOC_ARENA_MAX: '2', ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilUp(child, url, { intervalMs: 50 });
  return { child, startupMs: Date.now() - started };
}

/** A process's resident memory (`VmRSS`), in MB; null when it cannot be read (not Linux). */
function residentMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return status ? Math.round(Number(status[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Clock ticks a second, the unit of `/proc/<pid>/stat`'s CPU times (100 on Linux, as `getconf CLK_TCK` says). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * The CPU time a process has used so far, every thread of it (JavaScript, garbage collection,
 * SQLite on libuv's threads; user and system), in ms at `1000 / CLOCK_TICKS` resolution; null when
 * it cannot be read (not Linux).
 */
function cpuMs(pid) {
  try {
    // The command name, in parentheses, may hold spaces and parentheses of its own.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * A process's resident memory after `IDLE_SECONDS` without requests: V8 keeps the heap it grew under
 * load until its memory reducer gives it back, some 20 to 30 s after allocation calms down.
 * @returns MB, or null when the memory cannot be read or `IDLE_SECONDS` is 0
 */
async function idleMb(pid) {
  if (!IDLE_SECONDS) return null;
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  return residentMb(pid);
}

const stop = (child) =>
  new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM'))));

/** Starts the API on `dataDir`'s SQLite file, or on the PostgreSQL database at `database` when given. */
function startApi(dataDir, port, database) {
  return startServer(
    [...API_NODE_ARGS, API_MAIN],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
      // Counted as in production (the per-user limit's work is part of each request), never reached.
      API_RATE_LIMIT: '100000000', // the most API_RATE_LIMIT accepts
      WEB_DIR: join(dataDir, 'none'),
      // The floor only queues e-mail; delivery has its own benchmark (`npm run bench:notify`).
      OUTBOX_POLL_INTERVAL: '1h',
      ...(database ? { DATABASE_URL: database } : {}),
    },
    `http://127.0.0.1:${port}/api/health`,
  );
}

/**
 * Fills the seeded database with `count` tickets, one a minute up to now, for customers 4 and 5
 * (the demo customers), a third of them assigned to agent 2, across every status and priority (the
 * statuses in turn, starting with `open`); and a thread of 30 replies on the newest ticket. For the
 * search: one ticket in a hundred has a public reply about a printer (the customer's, customer 4),
 * another one in a hundred an internal note about a printer, so `q=printer` finds 1 % of the
 * tickets for a customer and 2 % for staff, from replies only. The tickets' SLA columns are what the
 * API would have written (default targets, 24/7, the resolution clock stopped for waiting, resolved
 * and closed tickets) and the alerts already earned are recorded as raised, as on a helpdesk that has
 * been running: the alert job has nothing to catch up on during the run.
 * @returns the ids of the first and the last ticket loaded, `{first, last}`
 */
function bulkLoad(file, count) {
  const db = new sqlite3.Database(file);
  const statuses = ['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed', 'reopened'];
  const exec = (sql) => new Promise((done, fail) => db.exec(sql, (e) => (e ? fail(e) : done())));
  return new Promise((done, fail) => {
    db.serialize(() => {
      db.run('pragma journal_mode = wal');
      db.run('begin');
      const insert = db.prepare(
        `insert into tickets (number, subject, description, status, priority, category, customer_id, assignee_id, created_at, updated_at,
           first_response_due_at, resolution_due_at, sla_paused_at, sla_due_at, sla_at_risk_at, sla_alert_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const now = Date.now();
      const start = now - count * 60_000;
      const perDay = new Map();
      for (let i = 0; i < count; i++) {
        const at = start + i * 60_000;
        const day = new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
        const n = (perDay.get(day) ?? 0) + 1;
        perDay.set(day, n);
        const status = statuses[i % 6];
        const sla = slaOf(status, i % 4, at, now);
        insert.run(
          `BENCH-${day}-${String(n).padStart(4, '0')}`,
          `Bench ticket ${i}: the export button does nothing`,
          `Generated description ${i} for the benchmark: steps, expected and actual behaviour.`,
          status,
          i % 4,
          'general',
          4 + (i % 2),
          i % 3 === 0 ? 2 : null,
          at,
          at,
          sla.firstResponseDueAt,
          sla.resolutionDueAt,
          sla.pausedAt,
          sla.dueAt,
          sla.atRiskAt,
          sla.alertAt,
        );
      }
      insert.finalize();
      // The loaded tickets' ids follow their order: ticket i is max(id) - (count - 1 - i).
      const alert = db.prepare(
        'insert into sla_alerts (ticket_id, target, kind, due_at, raised_at) values ((select max(id) from tickets) - ?, ?, ?, ?, ?)',
      );
      for (let i = 0; i < count; i++) {
        const raised = slaOf(statuses[i % 6], i % 4, start + i * 60_000, now).raised;
        for (const [target, kind, dueAt] of raised) alert.run(count - 1 - i, target, kind, dueAt, now);
      }
      alert.finalize();
      const reply = db.prepare(
        'insert into replies (ticket_id, author_id, content, internal, created_at) values ((select max(id) from tickets), ?, ?, ?, ?)',
      );
      for (let i = 0; i < 30; i++) {
        reply.run(
          i % 2 ? 2 : 4,
          `Reply ${i} of the benchmark thread`,
          i % 5 === 4 ? 1 : 0,
          Date.now() - (30 - i) * 1000,
        );
      }
      reply.finalize();
      const searchable = db.prepare(
        'insert into replies (ticket_id, author_id, content, internal, created_at) values ((select max(id) from tickets) - ?, ?, ?, ?, ?)',
      );
      for (let i = 0; i < count; i += 50) {
        const note = i % 100 === 50;
        searchable.run(
          count - 1 - i,
          2,
          note
            ? `Internal: printer vendor ${i % 7} quoted a new fuser unit for this customer`
            : `The printer on floor ${i % 7} jams when printing duplex pages; we are replacing the rollers`,
          note ? 1 : 0,
          start + i * 60_000 + 30_000,
        );
      }
      searchable.finalize();
      db.run('commit');
      db.run('analyze', (error) => {
        if (error) return fail(error);
        db.get(
          'select min(id) as first, max(id) as last from tickets where number like ?',
          ['BENCH-%'],
          (e, row) =>
            e ? fail(e) : exec('pragma wal_checkpoint(truncate)').then(() => db.close(() => done(row)), fail),
        );
      });
    });
  });
}

/** The default SLA targets in minutes by priority rank (0 low .. 3 urgent): [first response, resolution]. */
const TARGET_MINUTES = [
  [1440, 14400],
  [480, 7200],
  [240, 2880],
  [120, 1440],
];

/**
 * The SLA columns the API keeps for a loaded ticket (no reply yet, never changed since `at`), on the
 * 24/7 clock with the default targets and the at-risk threshold 0.8, and the alerts earned by `now`
 * (`raised`: [target, kind, due time] each), the way the SLA migration backfills existing tickets;
 * `alertAt` is the next at-risk or due instant after `now`, or null.
 */
function slaOf(status, priority, at, now) {
  const [firstResponse, resolution] = TARGET_MINUTES[priority];
  const stopped = ['waiting_on_customer', 'resolved', 'closed'].includes(status);
  const running = [];
  if (!['resolved', 'closed'].includes(status)) running.push(['first_response', at + firstResponse * 60_000]);
  if (!stopped) running.push(['resolution', at + resolution * 60_000]);
  running.sort((a, b) => a[1] - b[1]);
  const atRisk = (due) => at + Math.round(0.8 * (due - at));
  const raised = [];
  const upcoming = [];
  for (const [target, due] of running) {
    for (const [kind, instant] of [
      ['at_risk', atRisk(due)],
      ['breached', due],
    ]) {
      if (instant <= now) raised.push([target, kind, due]);
      else upcoming.push(instant);
    }
  }
  return {
    firstResponseDueAt: at + firstResponse * 60_000,
    resolutionDueAt: at + resolution * 60_000,
    pausedAt: stopped ? at : null,
    dueAt: running[0]?.[1] ?? null,
    atRiskAt: running[0] ? atRisk(running[0][1]) : null,
    alertAt: upcoming.length ? Math.min(...upcoming) : null,
    raised,
  };
}

/** The `{first, last}` ids of the tickets a previous run loaded into `file`, or null. */
function loadedRange(file) {
  const db = new sqlite3.Database(file);
  return new Promise((done, fail) =>
    db.get(
      'select min(id) as first, max(id) as last from tickets where number like ?',
      ['BENCH-%'],
      (e, row) => db.close(() => (e ? fail(e) : done(row?.first ? row : null))),
    ),
  );
}

async function login(url, email, password) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return (await res.json()).accessToken;
}

function load(options) {
  return new Promise((done, fail) =>
    autocannon({ connections: CONNECTIONS, ...options }, (error, result) =>
      error ? fail(error) : done(result),
    ),
  );
}

/** `API / floor` CPU time per request (ms, one decimal), or `?` where it could not be read. */
const cpuPair = (a, f) =>
  a.cpuMsPerRequest === null || (f && f.cpuMsPerRequest === null)
    ? '?'
    : `${a.cpuMsPerRequest.toFixed(1)} / ${floorCell(f, (x) => x.cpuMsPerRequest.toFixed(1))}`;

/** A floor figure for the table, `—` when there is no floor (the API on PostgreSQL). */
const floorCell = (f, value) => (f ? String(value(f)) : '—');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Makes `runDatabase` on `BENCH_PG_URL`'s server hold the benchmark's rows: the SQLite load in
 * `loadDir` copied into a database the API has migrated and seeded. With `keep` (BENCH_DATA_DIR),
 * the loaded database `helpdesk_bench_<tickets>` stays for the next run (loaded again when it does
 * not hold the same tickets as the SQLite file, migrated by the build under test otherwise) and the
 * run gets a copy of it; without, the run's database is loaded directly.
 */
async function preparePostgres(keep, loadDir, port, loaded, runDatabase) {
  const kept = keep ? `helpdesk_bench_${TICKETS}` : null;
  const target = kept ?? runDatabase;
  const url = databaseUrl(PG_URL, target);
  const current =
    kept &&
    (await databaseExists(PG_URL, kept)) &&
    (await withClient(url, async (client) => {
      const { rows } = await client.query("select max(id) as last from tickets where number like 'BENCH-%'");
      return Number(rows[0].last) === loaded.last;
    }));
  if (!current) {
    await recreateDatabase(PG_URL, target);
    await stop((await startApi(loadDir, port, url)).child);
    console.log(`Copying the tickets into PostgreSQL (${target})...`);
    const started = Date.now();
    await copyIntoPostgres(join(loadDir, 'helpdesk.sqlite'), url, loaded.first);
    console.log(`  ${Math.round((Date.now() - started) / 1000)} s`);
  } else {
    // Data kept by an older build: its pending migrations run here, not in the start-up timed later.
    await stop((await startApi(loadDir, port, url)).child);
  }
  if (kept) await recreateDatabase(PG_URL, runDatabase, kept);
}

async function main() {
  const keep = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : null;
  // The run's own data: a fresh load, or a copy of the kept one beside it (the same file system).
  const dataDir = mkdtempSync(keep ? `${keep}-run-` : join(tmpdir(), 'helpdesk-bench-'));
  const loadDir = keep ?? dataDir;
  const file = join(dataDir, 'helpdesk.sqlite');
  const [apiPort, floorPort] = [await freePort(), await freePort()];
  const api = `http://127.0.0.1:${apiPort}`;
  const floor = `http://127.0.0.1:${floorPort}`;
  let apiServer;
  let floorServer;
  /** The PostgreSQL database of this run (`BENCH_PG_URL`), dropped at the end. */
  let runDatabase = null;
  const results = [];
  let fivexx = 0;
  try {
    const loadFile = join(loadDir, 'helpdesk.sqlite');
    let loaded = keep && existsSync(loadFile) ? await loadedRange(loadFile) : null;
    if (!loaded) {
      apiServer = (await startApi(loadDir, apiPort)).child;
      await stop(apiServer);
      console.log(`Loading ${TICKETS.toLocaleString('en')} tickets into SQLite...`);
      loaded = await bulkLoad(loadFile, TICKETS);
    } else {
      // Data kept by an older build: its pending migrations run once here, not in the start-up timed below.
      apiServer = (await startApi(loadDir, apiPort)).child;
      await stop(apiServer);
    }
    if (keep) cpSync(keep, dataDir, { recursive: true });
    if (PG_URL) {
      runDatabase = `helpdesk_bench_run_${process.pid}`;
      await preparePostgres(keep, loadDir, apiPort, loaded, runDatabase);
    }
    const started = await startApi(dataDir, apiPort, runDatabase && databaseUrl(PG_URL, runDatabase));
    apiServer = started.child;
    if (!PG_URL) {
      floorServer = (
        await startServer(
          [join(root, 'tools/bench/floor.mjs'), file],
          { PORT: String(floorPort), JWT_SECRET: SECRET },
          `${floor}/api/health`,
        )
      ).child;
    }

    const agent = await login(api, 'agent@example.com', 'agent123');
    const customer = await login(api, 'customer@example.com', 'customer123');
    const auth = (token) => ({ authorization: `Bearer ${token}` });
    const thread = loaded.last;
    // Open tickets (every sixth loaded one), newest first: replies go to a different one each time.
    const openTickets = Array.from(
      { length: 5000 },
      (_, k) => loaded.first + 6 * (Math.floor((loaded.last - loaded.first) / 6) - k),
    );
    const cursorOf = async (base) =>
      (await (await fetch(`${base}/api/tickets`, { headers: auth(agent) })).json()).nextCursor;
    const cursors = { [api]: await cursorOf(api), [floor]: floorServer && (await cursorOf(floor)) };
    let replyTarget = 0;
    const json = { 'content-type': 'application/json', ...auth(agent) };

    const scenarios = [
      [
        'queue',
        'agent: queue page 1 (newest first, 20)',
        () => ({ path: '/api/tickets', headers: auth(agent) }),
      ],
      [
        'status',
        'agent: queue, status=open',
        () => ({ path: '/api/tickets?status=open', headers: auth(agent) }),
      ],
      [
        'assignee',
        'agent: assigneeId=2 & status=in_progress',
        () => ({ path: '/api/tickets?assigneeId=2&status=in_progress', headers: auth(agent) }),
      ],
      ['own', 'customer: own tickets, page 1', () => ({ path: '/api/tickets', headers: auth(customer) })],
      [
        'cursor',
        'agent: next page by cursor',
        (base) => ({ path: `/api/tickets?cursor=${cursors[base]}`, headers: auth(agent) }),
      ],
      [
        'ticket',
        'agent: one ticket with 30 replies',
        () => ({ path: `/api/tickets/${thread}`, headers: auth(agent) }),
      ],
      [
        'create',
        'customer: open a ticket',
        () => ({
          path: '/api/tickets',
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth(customer) },
          body: JSON.stringify({ subject: 'Bench: cannot log in', description: 'Opened by the benchmark' }),
        }),
      ],
      [
        'reply',
        'agent: reply to a ticket',
        () => ({
          path: '/api/tickets/0/replies',
          // A different open ticket each time: replies to one ticket at once would only measure its version conflicts.
          requests: [
            {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ content: 'Thanks, we are looking into it.' }),
              setupRequest: (request) => ({
                ...request,
                path: `/api/tickets/${openTickets[replyTarget++ % openTickets.length]}/replies`,
              }),
            },
          ],
        }),
      ],
      [
        'search',
        'agent: keyword search, no match',
        () => ({ path: '/api/tickets?q=zqxjv', headers: auth(agent) }),
      ],
      [
        'search',
        'agent: search, word in 2 % (replies, notes)',
        () => ({ path: '/api/tickets?q=printer', headers: auth(agent) }),
      ],
      [
        'search',
        'customer: search own, word in 1 %',
        () => ({ path: '/api/tickets?q=printer', headers: auth(customer) }),
      ],
    ].filter(([name]) => !ONLY || ONLY.includes(name));

    console.log(
      `\n${TICKETS.toLocaleString('en')} tickets · ${CONNECTIONS} connections · ${ROUNDS} rounds of ${SECONDS} s · ` +
        `node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · ${hasTaskset ? 'servers on core 0, load on core 1' : 'not pinned'}`,
    );
    console.log(`API start-up with the data loaded: ${started.startupMs} ms\n`);
    const header = `${'scenario'.padEnd(40)} ${'API req/s'.padStart(9)} ${'floor'.padStart(7)} ${'ratio'.padStart(6)}   ${'API p50/p99 ms'.padStart(14)}   ${'floor p50/p99'.padStart(13)}   ${'CPU ms/req'.padStart(11)}  API errors`;
    console.log(header);
    console.log('-'.repeat(header.length));
    for (const [name, title, request] of scenarios) {
      /**
       * One round against `base`, with the CPU time its server used per request answered (ms, every
       * thread): steadier than requests a second on a machine whose speed drifts between rounds.
       */
      const measure = async (base, pid) => {
        const { path, ...options } = request(base);
        const before = cpuMs(pid);
        const result = await load({ url: `${base}${path}`, duration: SECONDS, ...options });
        const after = cpuMs(pid);
        const answered = result.requests.total;
        result.cpuMsPerRequest =
          before === null || after === null || !answered ? null : (after - before) / answered;
        return result;
      };
      const warmUp = (base) => {
        const { path, ...options } = request(base);
        return load({ url: `${base}${path}`, duration: 1, ...options });
      };
      await warmUp(api);
      if (floorServer) await warmUp(floor);
      const rounds = { api: [], floor: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 ? ['floor', 'api'] : ['api', 'floor'];
        for (const which of order.filter((w) => w === 'api' || floorServer)) {
          rounds[which].push(
            await measure(which === 'api' ? api : floor, (which === 'api' ? apiServer : floorServer).pid),
          );
        }
      }
      const summary = (list) => ({
        rps: median(list.map((r) => r.requests.average)),
        p50: median(list.map((r) => r.latency.p50)),
        p99: median(list.map((r) => r.latency.p99)),
        cpuMsPerRequest: list.some((r) => r.cpuMsPerRequest === null)
          ? null
          : median(list.map((r) => r.cpuMsPerRequest)),
        non2xx: list.reduce((n, r) => n + r.non2xx, 0),
        errors: list.reduce((n, r) => n + r.errors + r.timeouts, 0),
        fivexx: list.reduce((n, r) => n + r['5xx'], 0),
        // How many answers of each status other than 2xx, e.g. {503: 2}, to tell overload from a bug.
        failures: list.reduce((counts, r) => {
          for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) {
            if (!code.startsWith('2')) counts[code] = (counts[code] ?? 0) + count;
          }
          return counts;
        }, {}),
      });
      const a = summary(rounds.api);
      const f = floorServer ? summary(rounds.floor) : null;
      fivexx += a.fivexx;
      const ratio = f ? a.rps / f.rps : null;
      results.push({ name, title, api: a, floor: f, ratio });
      const failed = a.non2xx + a.errors;
      if (f && f.non2xx + f.errors) console.error(`  (the floor failed ${f.non2xx + f.errors} requests)`);
      const codes = Object.entries(a.failures).map(([code, count]) => `${count} x ${code}`);
      if (codes.length) console.error(`  (API answers other than 2xx: ${codes.join(', ')})`);
      console.log(
        `${title.padEnd(40)} ${String(Math.round(a.rps)).padStart(9)} ${floorCell(f, (x) => Math.round(x.rps)).padStart(7)} ${floorCell(f, () => ratio.toFixed(2)).padStart(6)}   ${`${a.p50} / ${a.p99}`.padStart(14)}   ${floorCell(f, (x) => `${x.p50} / ${x.p99}`).padStart(13)}   ${cpuPair(a, f).padStart(11)}  ${failed ? `${failed} (${a.fivexx} 5xx)` : '0'}`,
      );
    }
    const rssMb = residentMb(apiServer.pid);
    console.log(`\nAPI resident memory after the run: ${rssMb ?? 'unknown'} MB`);
    const idleRssMb = await idleMb(apiServer.pid);
    if (idleRssMb !== null)
      console.log(`API resident memory after ${IDLE_SECONDS} s without requests: ${idleRssMb} MB`);
    // The same table in Markdown, for docs/performance.md.
    console.log(
      '\n| scenario | API req/s | floor req/s | API/floor | API p50 / p99 ms | floor p50 / p99 ms | CPU ms/req API / floor | API errors |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const { title, api: a, floor: f, ratio } of results) {
      console.log(
        `| ${title} | ${Math.round(a.rps)} | ${floorCell(f, (x) => Math.round(x.rps))} | ${floorCell(f, () => ratio.toFixed(2))} | ${a.p50} / ${a.p99} | ${floorCell(f, (x) => `${x.p50} / ${x.p99}`)} | ${cpuPair(a, f)} | ${a.non2xx + a.errors} |`,
      );
    }
    if (process.env.BENCH_JSON) {
      writeFileSync(
        process.env.BENCH_JSON,
        JSON.stringify(
          {
            tickets: TICKETS,
            connections: CONNECTIONS,
            startupMs: started.startupMs,
            rssMb,
            idleRssMb,
            results,
          },
          null,
          2,
        ),
      );
    }
  } finally {
    if (apiServer) await stop(apiServer);
    if (floorServer) await stop(floorServer);
    rmSync(dataDir, { recursive: true, force: true });
    if (runDatabase) await dropDatabase(PG_URL, runDatabase);
  }
  if (fivexx) {
    console.error(`${fivexx} API requests answered 5xx`);
    process.exitCode = 1;
  }
}

// The load generator on core 1, away from the servers on core 0.
if (hasTaskset && !process.env.BENCH_PINNED) {
  const child = spawn('taskset', ['-c', '1', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: '1' },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}
