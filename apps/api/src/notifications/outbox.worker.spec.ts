import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MikroORM, Options } from '@mikro-orm/core';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';

import { FakeClock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { createOrmOptions } from '../config/mikro-orm.options';
import { MailTransport } from './mail.transport';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxWorker } from './outbox.worker';

/** The SMTP edge replaced where the test must hold or fail a send: records what it "sends". */
class GatedTransport {
  readonly directory = null;
  /** Ids sent successfully, in order of completion. */
  readonly sent: number[] = [];
  /** Sends waiting for the test to let them finish. */
  readonly waiting: Array<{ id: number; finish(error?: Error): void }> = [];
  /** Most sends in flight at once. */
  maxInFlight = 0;
  /** When true, every send waits in `waiting`; otherwise it finishes on the next turn. */
  held = false;
  /** When true, a send fails as if the SMTP server were down. */
  down = false;
  private inFlight = 0;

  /** "Sends" `message`: waits while `held`, fails while `down`, else records its id. */
  async send(message: OutboxMessage): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const error = this.held
        ? await new Promise<Error | undefined>((finish) => this.waiting.push({ id: message.id, finish }))
        : await new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)));
      if (error) throw error;
      if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:2525');
      this.sent.push(message.id);
    } finally {
      this.inFlight--;
    }
  }

  /** Finishes every waiting send, with `error` when given. */
  finishAll(error?: Error): void {
    this.waiting.splice(0).forEach((send) => send.finish(error));
  }
}

/** Waits (without timers) until `done()` holds; fails after many turns of the event loop. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let turn = 0; turn < 100_000; turn++) {
    if (await done()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

/** A real SMTP server (`smtp-server`) on loopback that counts the Message-IDs it accepts. */
async function startSmtpSink(): Promise<{ port: number; ids: string[]; close(): Promise<void> }> {
  const ids: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => (head += chunk.toString('latin1')));
      stream.on('end', () => {
        ids.push(/^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    ids,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const pgUrl = process.env['PG_TEST_URL'];
const dialects: Array<AppConfig['dialect']> = pgUrl ? ['sqlite', 'postgresql'] : ['sqlite'];

describe.each(dialects)('OutboxWorker (%s)', (dialect) => {
  const MESSAGES = 30;
  const LEASE_MS = 60_000;
  let dir: string;
  let pgName: string | null = null;
  /** Two ORMs on one database: two API instances, each with its own connections. */
  let orms: MikroORM[];
  let clock: FakeClock;
  let queuedAt: Date;
  let transports: MailTransport[];

  const config = (overrides: Partial<AppConfig> = {}): AppConfig =>
    ({
      dialect,
      outboxPollIntervalMs: 1000,
      outboxRetryBaseMs: 5000,
      outboxLeaseMs: LEASE_MS,
      outboxBatchSize: 10,
      outboxConcurrency: 4,
      ...overrides,
    }) as AppConfig;
  const worker = (
    transport: GatedTransport | MailTransport,
    overrides: Partial<AppConfig> = {},
    orm = orms[0],
  ) => new OutboxWorker(orm, transport as MailTransport, config(overrides), clock);
  const rows = () => orms[0].em.fork().find(OutboxMessage, {}, { orderBy: { id: 'asc' } });
  const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-spec-'));
    let options: Options;
    if (dialect === 'sqlite') {
      options = createOrmOptions({ dialect, database: join(dir, 'db.sqlite') });
    } else {
      pgName = `helpdesk_outbox_${process.pid}_${Date.now()}`;
      const admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${pgName}`);
      await admin.end();
      const url = new URL(pgUrl as string);
      url.pathname = `/${pgName}`;
      options = createOrmOptions({ dialect, database: url.toString() });
    }
    const first = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
    await first.getMigrator().up();
    orms = [first, await MikroORM.init(options)];
    transports = [];
    clock = new FakeClock();
    queuedAt = new Date(clock.now().getTime() - 1000);
    const em = first.em.fork();
    for (let i = 0; i < MESSAGES; i++) {
      em.create(OutboxMessage, {
        to: `u${i}@example.com`,
        subject: `s${i}`,
        text: `t${i}`,
        html: `<p>h${i}</p>`,
        attempts: 0,
        nextAttemptAt: queuedAt,
        claimToken: null,
        createdAt: queuedAt,
      });
    }
    await em.flush();
  });
  afterEach(async () => {
    transports.forEach((transport) => transport.onApplicationShutdown());
    await Promise.all(orms.map((orm) => orm.close(true)));
    if (pgName) {
      const admin = new Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${pgName} with (force)`);
      await admin.end();
      pgName = null;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('claims a batch in one statement (one token, one lease) and keeps OUTBOX_CONCURRENCY sends in flight', async () => {
    const transport = new GatedTransport();
    transport.held = true;
    const draining = worker(transport).drain();
    await until(() => transport.waiting.length === 4, 'four sends in flight');

    const claimed = (await rows()).filter((row) => row.claimToken !== null);
    expect(claimed.map((row) => row.id)).toEqual(ids(1, 10));
    expect(new Set(claimed.map((row) => row.claimToken)).size).toBe(1);
    for (const row of claimed) {
      expect(row.attempts).toBe(1);
      expect(row.nextAttemptAt?.getTime()).toBe(clock.now().getTime() + LEASE_MS);
    }
    expect(transport.waiting.map((send) => send.id)).toEqual(ids(1, 4));

    // Let sends finish one at a time: each frees a lane for the next message, never more than four.
    while (transport.sent.length < MESSAGES) {
      await until(() => transport.waiting.length > 0, 'a send waiting');
      transport.waiting.shift()?.finish();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await draining).toBe(MESSAGES);
    expect(transport.maxInFlight).toBe(4);
    expect([...transport.sent].sort((a, b) => a - b)).toEqual(ids(1, MESSAGES));
    for (const row of await rows()) {
      expect(row).toMatchObject({ attempts: 1, nextAttemptAt: null, claimToken: null, lastError: null });
      expect(row.sentAt).toEqual(clock.now());
    }
  });

  it('sends one at a time in queue order while the outbox keeps up (a claim smaller than OUTBOX_CONCURRENCY)', async () => {
    const transport = new GatedTransport();
    expect(await worker(transport, { outboxBatchSize: 3, outboxConcurrency: 4 }).drain()).toBe(MESSAGES);
    expect(transport.sent).toEqual(ids(1, MESSAGES));
    expect(transport.maxInFlight).toBe(1);
  });

  it('never sends one message twice when two instances drain the same outbox at once (real SMTP, pooled)', async () => {
    const sink = await startSmtpSink();
    try {
      const mailConfig = {
        appUrl: 'http://localhost:3000',
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        mailFrom: 'Helpdesk <helpdesk@localhost>',
        smtpPoolSize: 2,
        smtpMaxMessages: 100,
        dataDir: dir,
      } as AppConfig;
      transports = [new MailTransport(mailConfig), new MailTransport(mailConfig)];
      const workers = orms.map((orm, i) =>
        worker(transports[i], { outboxBatchSize: 4, outboxConcurrency: 3 }, orm),
      );
      const sent = await Promise.all(workers.map((w) => w.drain()));
      expect(sent[0] + sent[1]).toBe(MESSAGES);
      expect(sent[0]).toBeGreaterThan(0);
      expect(sent[1]).toBeGreaterThan(0);

      const expected = (await rows()).map((row) => `<outbox-${row.id}-${queuedAt.getTime()}@localhost>`);
      expect([...sink.ids].sort()).toEqual([...expected].sort());
      expect((await rows()).every((row) => row.sentAt !== null && row.attempts === 1)).toBe(true);
    } finally {
      // The pools keep their connections open; the sink closes once they are gone.
      transports.splice(0).forEach((transport) => transport.onApplicationShutdown());
      await sink.close();
    }
  });

  it('keeps a failed message with its error and retries it after the backoff', async () => {
    const transport = new GatedTransport();
    transport.down = true;
    const outbox = worker(transport);
    expect(await outbox.drain()).toBe(0);
    for (const row of await rows()) {
      expect(row).toMatchObject({
        attempts: 1,
        sentAt: null,
        failedAt: null,
        claimToken: null,
        lastError: 'connect ECONNREFUSED 127.0.0.1:2525',
      });
      expect(row.nextAttemptAt?.getTime()).toBe(clock.now().getTime() + 5000);
    }

    transport.down = false;
    clock.advance(4999);
    expect(await outbox.drain()).toBe(0);
    clock.advance(1);
    expect(await outbox.drain()).toBe(MESSAGES);
    expect(transport.sent.sort((a, b) => a - b)).toEqual(ids(1, MESSAGES));
    expect((await rows()).every((row) => row.attempts === 2 && row.lastError === null)).toBe(true);
  });

  it('gives a message up once its next retry would be more than a day after it was queued', async () => {
    const transport = new GatedTransport();
    transport.down = true;
    clock.set(new Date(queuedAt.getTime() + 24 * 3600_000 - 1000));
    expect(await worker(transport).drain()).toBe(0);
    for (const row of await rows()) {
      expect(row).toMatchObject({ attempts: 1, nextAttemptAt: null, sentAt: null, claimToken: null });
      expect(row.failedAt).toEqual(clock.now());
    }
  });

  it("takes over a crashed worker's claim once its lease ends, and the late worker changes nothing", async () => {
    const stuck = new GatedTransport();
    stuck.held = true;
    const crashed = worker(stuck, { outboxBatchSize: 4, outboxConcurrency: 4 }).drain();
    await until(() => stuck.waiting.length === 4, 'the first worker sending four');

    const other = new GatedTransport();
    const second = worker(other, { outboxBatchSize: 10, outboxConcurrency: 4 }, orms[1]);
    expect(await second.drain()).toBe(MESSAGES - 4);
    expect(other.sent).not.toContain(1);

    clock.advance(LEASE_MS - 1);
    expect(await second.drain()).toBe(0);
    clock.advance(1);
    expect(await second.drain()).toBe(4);
    expect(other.sent.sort((a, b) => a - b)).toEqual(ids(1, MESSAGES));

    // The first worker wakes up and its sends fail: the rows the second one sent stay sent.
    stuck.finishAll(new Error('socket hang up'));
    expect(await crashed).toBe(0);
    for (const row of await rows()) {
      expect(row).toMatchObject({ nextAttemptAt: null, claimToken: null, lastError: null });
      expect(row.sentAt).not.toBeNull();
      expect(row.attempts).toBe(row.id <= 4 ? 2 : 1);
    }
  });

  it('gives back the claimed messages it could not start within half the lease, uncounted', async () => {
    const transport = new GatedTransport();
    transport.held = true;
    const draining = worker(transport, { outboxBatchSize: 5, outboxConcurrency: 1 }).drain();
    await until(() => transport.waiting.length === 1, 'one send in flight');
    clock.advance(LEASE_MS / 2 + 1);
    transport.finishAll();
    // The rest of the batch is given back; the drain ends without claiming more.
    expect(await draining).toBe(1);
    const after = await rows();
    expect(after[0]).toMatchObject({ attempts: 1, nextAttemptAt: null, claimToken: null });
    for (const row of after.slice(1, 5)) {
      expect(row).toMatchObject({ attempts: 0, sentAt: null, claimToken: null });
      expect(row.nextAttemptAt).toEqual(clock.now());
    }

    transport.held = false;
    expect(await worker(transport).drain()).toBe(MESSAGES - 1);
    expect((await rows()).every((row) => row.sentAt !== null && row.attempts === 1)).toBe(true);
  });

  it('on shutdown finishes and records the sends in flight and gives back the rest of its claim', async () => {
    const transport = new GatedTransport();
    transport.held = true;
    const outbox = worker(transport);
    const draining = outbox.drain();
    await until(() => transport.waiting.length === 4, 'four sends in flight');
    await outbox.beforeApplicationShutdown();
    transport.finishAll();
    expect(await draining).toBe(4);
    const after = await rows();
    for (const row of after.slice(0, 4)) expect(row).toMatchObject({ attempts: 1, claimToken: null });
    expect(after.slice(0, 4).every((row) => row.sentAt !== null)).toBe(true);
    for (const row of after.slice(4)) {
      expect(row).toMatchObject({ attempts: 0, sentAt: null, claimToken: null });
      expect(row.nextAttemptAt).not.toBeNull();
    }
  });
});
