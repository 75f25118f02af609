import { Server, Socket, connect, createServer } from 'node:net';

import { Client } from 'pg';
import request from 'supertest';

import { ApiServer, DEMO, Session, expectError, login, startApi } from './support/api-server';

/**
 * A TCP proxy between the API and PostgreSQL that the test can cut (connections refused or
 * dropped) or freeze (accepted, nothing passes), without touching the shared PostgreSQL server.
 */
class DatabaseLink {
  private mode: 'forward' | 'refuse' | 'freeze' = 'forward';
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((client) => this.accept(client));

  constructor(private readonly target: { host: string; port: number }) {}

  /** Starts listening on a free loopback port; returns it. */
  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)),
    );
  }

  /** Drops every connection and refuses new ones: the database is down. */
  cut(): void {
    this.mode = 'refuse';
    this.dropAll();
  }

  /** Lets connections open but passes nothing either way: the database hangs. */
  freeze(): void {
    this.mode = 'freeze';
  }

  /** Back to normal; connections that were frozen are dropped, as a restarted server would. */
  restore(): void {
    this.dropAll();
    this.mode = 'forward';
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => this.mode === 'forward' && upstream.write(chunk));
    upstream.on('data', (chunk) => this.mode === 'forward' && client.write(chunk));
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** Polls `check` every 200 ms until it is true, for at most `ms`. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Database trouble is not the client's fault: with PostgreSQL unreachable or frozen, requests are
 * answered quickly with 503 `DATABASE_UNAVAILABLE` and `Retry-After` (never a 500, never a minute
 * of waiting), health answers within a second, and the API recovers by itself.
 */
const pgUrl = process.env['PG_TEST_URL'];
(pgUrl ? describe : describe.skip)('Database outage (PostgreSQL behind a cuttable link)', () => {
  let api: ApiServer;
  let admin: Client;
  let link: DatabaseLink;
  let agent: Session;
  const database = `helpdesk_outage_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const target = new URL(pgUrl as string);
    link = new DatabaseLink({ host: target.hostname, port: Number(target.port || 5432) });
    const port = await link.listen();
    const url = new URL(pgUrl as string);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    url.pathname = `/${database}`;
    api = await startApi({ DATABASE_URL: url.toString(), DB_TIMEOUT: '2s', OUTBOX_POLL_INTERVAL: '60s' });
    agent = await login(api.url, DEMO.agent);
  });
  afterAll(async () => {
    await api?.stop();
    await link?.close();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  const tickets = () => request(api.url).get('/api/tickets').set('Authorization', agent.auth);
  const recovered = () => eventually(async () => (await tickets()).status === 200, 20_000);

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After at once while the database is down, then recovers', async () => {
    expect((await tickets()).status).toBe(200);
    link.cut();
    const started = Date.now();
    const res = await tickets();
    expectError(res, 503, 'DATABASE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(4000);
    expectError(
      await request(api.url).post('/api/auth/login').send(DEMO.customer),
      503,
      'DATABASE_UNAVAILABLE',
    );

    const health = Date.now();
    const status = await request(api.url).get('/api/health');
    expect(status.status).toBe(503);
    expect(status.body).toMatchObject({ database: 'down' });
    expect(Date.now() - health).toBeLessThan(1000);

    link.restore();
    await recovered();
    expect((await request(api.url).get('/api/health')).status).toBe(200);
  });

  it('answers 503 within the time limit, not after a minute, while the database hangs; health within a second', async () => {
    link.freeze();
    try {
      const started = Date.now();
      const res = await tickets();
      expectError(res, 503, 'DATABASE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(6000);
      const health = Date.now();
      expect((await request(api.url).get('/api/health')).status).toBe(503);
      expect(Date.now() - health).toBeLessThan(1000);
    } finally {
      link.restore();
    }
    await recovered();
  });
});
