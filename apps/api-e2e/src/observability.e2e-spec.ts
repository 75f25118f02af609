import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Server, Socket as NetSocket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import request from 'supertest';

import { API_MAIN, ApiServer, DEMO, expectError, freePort, login, startApi } from './support/api-server';
import { connectSocket } from './support/sockets';

/** One sample line of the Prometheus text format. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric family: its HELP, TYPE and samples. */
interface Family {
  help?: string;
  type?: string;
  samples: Sample[];
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE_LINE = new RegExp(`^(${METRIC_NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;

/**
 * Parses Prometheus text format 0.0.4 strictly enough to catch what `promtool check metrics` would:
 * every line is blank, `# HELP name text`, `# TYPE name type`, or `name{labels} value`; every
 * sample belongs to a family with HELP and TYPE; histograms have `_bucket` series ending in
 * `le="+Inf"` equal to `_count`, and `_sum`.
 * @throws naming the first offending line
 */
function parseMetrics(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { samples: [] }));
    return found;
  };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      if (!new RegExp(`^${METRIC_NAME}$`).test(name)) throw new Error(`bad metric name: ${line}`);
      if (kind === 'HELP') family(name).help = rest;
      else if (['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest))
        family(name).type = rest;
      else throw new Error(`bad TYPE: ${line}`);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE_LINE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText = '', valueText] = sample;
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    let consumed = 0;
    for (let match = LABEL.exec(labelText); match; match = LABEL.exec(labelText)) {
      labels[match[1]] = match[2];
      consumed = LABEL.lastIndex;
    }
    if (consumed !== labelText.length) throw new Error(`bad labels: ${line}`);
    const value = ['+Inf', '-Inf', 'NaN'].includes(valueText)
      ? { '+Inf': Infinity, '-Inf': -Infinity, NaN: NaN }[valueText as '+Inf' | '-Inf' | 'NaN']
      : Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') throw new Error(`bad value: ${line}`);
    const base = families.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    family(base).samples.push({ name, labels, value });
  }
  for (const [name, { help, type, samples }] of families) {
    if (help === undefined || type === undefined) throw new Error(`${name} lacks HELP or TYPE`);
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples) {
      const { le: _le, ...rest } = sample.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, group] of series) {
      const inf = group.find((s) => s.name === `${name}_bucket` && s.labels['le'] === '+Inf');
      const count = group.find((s) => s.name === `${name}_count`);
      const sum = group.find((s) => s.name === `${name}_sum`);
      if (!inf || !count || !sum) throw new Error(`${name}${key} lacks le="+Inf", _sum or _count`);
      if (inf.value !== count.value) throw new Error(`${name}${key}: +Inf bucket differs from _count`);
    }
  }
  return families;
}

/** The samples named `name` whose labels include `labels`. */
function samplesOf(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): Sample[] {
  return [...families.values()]
    .flatMap((family) => family.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** Polls `check` every 200 ms until it is true, for at most `ms`. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Observability', () => {
  describe('health probes and /metrics (METRICS_TOKEN unset)', () => {
    let api: ApiServer;
    beforeAll(async () => {
      api = await startApi({ OUTBOX_POLL_INTERVAL: '100ms' });
    });
    afterAll(() => api.stop());

    const scrape = async (): Promise<Map<string, Family>> => {
      const res = await request(api.url).get('/metrics');
      expect(res.status).toBe(200);
      return parseMetrics(res.text);
    };

    it('GET /api/health/live answers 200 {status: "ok"} without a token', async () => {
      const res = await request(api.url).get('/api/health/live');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('GET /api/health/ready answers 200 with the database up, without a token', async () => {
      const res = await request(api.url).get('/api/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', checks: { database: 'up' } });
    });

    it('GET /api/health keeps its shape', async () => {
      const res = await request(api.url).get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', database: 'up', dialect: 'sqlite' });
    });

    it('the probes are in the OpenAPI document with their shapes', async () => {
      const { body } = await request(api.url).get('/docs-json');
      expect(body.paths['/api/health/live'].get.responses['200']).toBeDefined();
      expect(body.paths['/api/health/ready'].get.responses['503']).toBeDefined();
      expect(body.paths['/metrics'].get.responses['401']).toBeDefined();
    });

    it('GET /metrics is Prometheus text that parses, open without a token', async () => {
      const res = await request(api.url).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const families = parseMetrics(res.text);
      for (const name of [
        'http_request_duration_seconds',
        'helpdesk_socketio_connections',
        'helpdesk_emails_sent_total',
        'helpdesk_emails_failed_total',
        'helpdesk_outbox_pending_messages',
        'helpdesk_outbox_failed_messages',
        'helpdesk_outbox_oldest_pending_age_seconds',
        'helpdesk_db_pool_connections_in_use',
        'helpdesk_db_pool_pending_acquires',
        'nodejs_eventloop_lag_seconds',
        'process_resident_memory_bytes',
        'nodejs_heap_size_used_bytes',
      ])
        expect({ name, type: families.get(name)?.type }).toEqual({ name, type: expect.any(String) });
      expect(families.get('http_request_duration_seconds')?.type).toBe('histogram');
      // SQLite: the single writer and the read-only connections beside it.
      expect(samplesOf(families, 'helpdesk_db_pool_connections_in_use', { pool: 'write' })).toHaveLength(1);
      expect(samplesOf(families, 'helpdesk_db_pool_connections_in_use', { pool: 'read' })).toHaveLength(1);
    });

    it('times requests by route template, never by raw URL, and unmatched routes under one label', async () => {
      const customer = await login(api.url, DEMO.customer);
      await request(api.url).get('/api/tickets/1').set('Authorization', customer.auth);
      await request(api.url).get('/api/tickets/987654?x=1').set('Authorization', customer.auth);
      await request(api.url).get('/no/such/route/42');
      const families = await scrape();
      const byTicket = samplesOf(families, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/tickets/:id',
      });
      expect(byTicket.reduce((total, s) => total + s.value, 0)).toBeGreaterThanOrEqual(2);
      expect(
        samplesOf(families, 'http_request_duration_seconds_bucket', {
          route: '/api/tickets/:id',
          le: '+Inf',
        }).length,
      ).toBeGreaterThan(0);
      expect(
        samplesOf(families, 'http_request_duration_seconds_count', {
          route: 'unmatched',
          status_code: '404',
        }),
      ).toHaveLength(1);
      const routes = samplesOf(families, 'http_request_duration_seconds_count').map((s) => s.labels['route']);
      expect(routes.filter((route) => /\d/.test(route) || route.includes('?'))).toEqual([]);
    });

    it('counts open sockets and e-mails sent, and reads the outbox', async () => {
      const customer = await login(api.url, DEMO.customer);
      const socket = await connectSocket(api.url, customer.accessToken);
      try {
        const families = await scrape();
        expect(samplesOf(families, 'helpdesk_socketio_connections')[0].value).toBeGreaterThanOrEqual(1);
        expect(samplesOf(families, 'helpdesk_outbox_pending_messages')[0].value).toBeGreaterThanOrEqual(0);
      } finally {
        socket.close();
      }
      const agent = await login(api.url, DEMO.agent);
      const created = await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Metrics e-mail', description: 'Counts as one e-mail sent at least.' });
      expect(created.status).toBe(201);
      // An agent's public reply e-mails the customer.
      const replied = await request(api.url)
        .post(`/api/tickets/${created.body.id}/replies`)
        .set('Authorization', agent.auth)
        .send({ content: 'We are on it.' });
      expect(replied.status).toBe(201);
      await eventually(
        async () => samplesOf(await scrape(), 'helpdesk_emails_sent_total')[0].value >= 1,
        15_000,
      );
    });
  });

  describe('/metrics with METRICS_TOKEN set and the web app present', () => {
    const token = 'scrape-token-0123456789abcdef';
    let api: ApiServer;
    let webDir: string;
    beforeAll(async () => {
      webDir = mkdtempSync(join(tmpdir(), 'helpdesk-web-'));
      writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Helpdesk</title>');
      api = await startApi({ METRICS_TOKEN: token, WEB_DIR: webDir, SEED: 'false' });
    });
    afterAll(async () => {
      await api.stop();
      rmSync(webDir, { recursive: true, force: true });
    });

    it('answers 401 in the error shape without the token or with another one', async () => {
      expectError(await request(api.url).get('/metrics'), 401, 'UNAUTHORIZED');
      expectError(
        await request(api.url).get('/metrics').set('Authorization', `Bearer ${token}x`),
        401,
        'UNAUTHORIZED',
      );
      expectError(await request(api.url).get('/metrics').set('Authorization', token), 401, 'UNAUTHORIZED');
    });

    it('answers 200 with metrics, not the web app, with the token', async () => {
      const res = await request(api.url).get('/metrics').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).not.toMatch(/<!doctype html>/i);
      parseMetrics(res.text);
    });

    it('never falls through to the web app under /metrics', async () => {
      const res = await request(api.url).get('/metrics/anything').set('Accept', 'text/html');
      expect(res.headers['content-type']).toMatch(/json/);
      expectError(res, 404);
      // The health probes stay open with a web app present.
      expect((await request(api.url).get('/api/health/ready')).status).toBe(200);
    });
  });

  const pgUrl = process.env['PG_TEST_URL'];
  // SQLite is a file the process holds open: an outage cannot be simulated cheaply there.
  (pgUrl ? describe : describe.skip)('readiness during a database outage (PostgreSQL)', () => {
    let api: ApiServer;
    let admin: Client;
    let link: Server;
    const sockets = new Set<NetSocket>();
    let cut = false;
    const database = `helpdesk_ready_${process.pid}_${Date.now()}`;

    beforeAll(async () => {
      admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${database}`);
      const target = new URL(pgUrl as string);
      // A TCP link to PostgreSQL that the test can cut, leaving the shared server alone.
      link = createServer((client) => {
        if (cut) return void client.destroy();
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      const port = await new Promise<number>((done) =>
        link.listen(0, '127.0.0.1', () => done((link.address() as { port: number }).port)),
      );
      const url = new URL(pgUrl as string);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      url.pathname = `/${database}`;
      api = await startApi({ DATABASE_URL: url.toString(), DB_TIMEOUT: '2s', OUTBOX_POLL_INTERVAL: '60s' });
    });
    afterAll(async () => {
      await api?.stop();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((done) => link?.close(done));
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    });

    it('answers 503 DATABASE_UNAVAILABLE quickly while the database is down, 200 once it is back', async () => {
      expect((await request(api.url).get('/api/health/ready')).status).toBe(200);
      cut = true;
      sockets.forEach((socket) => socket.destroy());
      const started = Date.now();
      const res = await request(api.url).get('/api/health/ready');
      expect(Date.now() - started).toBeLessThan(3000);
      expectError(res, 503, 'DATABASE_UNAVAILABLE');
      expect((await request(api.url).get('/api/health/live')).status).toBe(200);
      cut = false;
      await eventually(async () => (await request(api.url).get('/api/health/ready')).status === 200, 20_000);
    });
  });

  describe('graceful shutdown', () => {
    /** The built API as a child process this test signals itself. */
    interface Process {
      url: string;
      port: number;
      child: ChildProcess;
      exited: Promise<number | null>;
      output(): string;
    }
    const started: Array<{ child: ChildProcess; dataDir: string }> = [];

    async function spawnApi(env: Record<string, string> = {}): Promise<Process> {
      const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-e2e-'));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      let log = '';
      const child = spawn(process.execPath, [API_MAIN], {
        env: {
          PATH: process.env.PATH,
          TZ: 'UTC',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          BCRYPT_ROUNDS: '4',
          AUTH_RATE_LIMIT: '1000',
          LOG_LEVEL: 'info',
          WEB_DIR: join(dataDir, 'no-web'),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.push({ child, dataDir });
      child.stdout?.on('data', (d) => (log += d));
      child.stderr?.on('data', (d) => (log += d));
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`API exited:\n${log}`);
        return fetch(`${url}/api/health/live`).then(
          (res) => res.ok,
          () => false,
        );
      }, 20_000);
      return { url, port, child, exited, output: () => log };
    }

    /** Starts a login whose body arrives only when `finish()` is called: a request in flight. */
    function slowLogin(port: number): {
      response: Promise<{ status: number; connection?: string; body: string }>;
      finish(): void;
    } {
      const body = JSON.stringify(DEMO.customer);
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      const response = new Promise<{ status: number; connection?: string; body: string }>(
        (resolve, reject) => {
          req.on('response', (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }),
            );
          });
          req.on('error', reject);
        },
      );
      req.write(body.slice(0, 5));
      return { response, finish: () => req.end(body.slice(5)) };
    }

    const waitForLog = (api: Process, text: string): Promise<void> =>
      eventually(async () => api.output().includes(text), 10_000);

    afterAll(async () => {
      for (const { child, dataDir } of started) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('on SIGTERM refuses new connections, lets the request in flight finish, closes sockets so clients reconnect, and exits 0', async () => {
      const api = await spawnApi();
      const customer = await login(api.url, DEMO.customer);
      const socket: Socket = await connectSocket(api.url, customer.accessToken);
      const disconnected = new Promise<string>((done) => socket.once('disconnect', (reason) => done(reason)));
      const inFlight = slowLogin(api.port);
      // Let the server read the request's head before the signal.
      await new Promise((r) => setTimeout(r, 500));
      api.child.kill('SIGTERM');
      await waitForLog(api, 'no new connections');
      await expect(fetch(`${api.url}/api/health/live`)).rejects.toThrow();
      inFlight.finish();
      const res = await inFlight.response;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ accessToken: expect.any(String) });
      // The keep-alive connection is told to close, so it does not hold the process open.
      expect(res.connection).toBe('close');
      // `transport close` is the reason socket.io clients retry on by themselves (another replica);
      // `io server disconnect` would leave them disconnected.
      expect(await disconnected).toBe('transport close');
      expect(await api.exited).toBe(0);
      expect(api.output()).toContain('"context":"Shutdown"');
    }, 60_000);

    it('answers readiness with 503 SHUTTING_DOWN at once on SIGTERM and serves everything else during SHUTDOWN_DELAY', async () => {
      const api = await spawnApi({ SHUTDOWN_DELAY: '3s', SEED: 'false' });
      expect((await fetch(`${api.url}/api/health/ready`)).status).toBe(200);
      const signalled = Date.now();
      api.child.kill('SIGTERM');
      await waitForLog(api, 'readiness answers 503');
      const ready = await fetch(`${api.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ statusCode: 503, code: 'SHUTTING_DOWN' });
      // Still accepting new connections and answering other routes while the load balancer notices.
      expect((await fetch(`${api.url}/api/health/live`)).status).toBe(200);
      expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
      expect(await api.exited).toBe(0);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(2900);
      await expect(fetch(`${api.url}/api/health/live`)).rejects.toThrow();
    }, 60_000);

    it('closes a request still running after SHUTDOWN_GRACE and still exits 0', async () => {
      const api = await spawnApi({ SHUTDOWN_GRACE: '1s', SEED: 'false' });
      const inFlight = slowLogin(api.port);
      const outcome = inFlight.response.then(
        () => 'answered',
        () => 'closed',
      );
      await new Promise((r) => setTimeout(r, 500));
      const signalled = Date.now();
      api.child.kill('SIGTERM');
      expect(await outcome).toBe('closed');
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(900);
      expect(await api.exited).toBe(0);
      expect(api.output()).toContain('still running after 1000 ms');
    }, 60_000);
  });
});
