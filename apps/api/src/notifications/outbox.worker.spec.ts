import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MikroORM } from '@mikro-orm/core';
import { Logger } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { createOrmOptions } from '../config/mikro-orm.options';
import { MailTransport } from './mail.transport';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxWorker } from './outbox.worker';

/** Records what it "sends"; fails while `down` is true (the SMTP edge, replaced in this unit test). */
class RecordingTransport {
  readonly sent: number[] = [];
  down = false;
  readonly directory = null;

  async send(message: OutboxMessage): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:2525');
    this.sent.push(message.id);
  }
}

describe('OutboxWorker', () => {
  let dir: string;
  let orms: MikroORM[];
  const config = { outboxPollIntervalMs: 1000, outboxRetryBaseMs: 5000, outboxLeaseMs: 60_000 } as AppConfig;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-spec-'));
    const options = createOrmOptions({ dialect: 'sqlite', database: join(dir, 'db.sqlite') });
    const first = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
    await first.getMigrator().up();
    // A second ORM on the same file: a second API instance with its own connection.
    orms = [first, await MikroORM.init(options)];
    const em = first.em.fork();
    const now = new Date(Date.now() - 1000);
    for (let i = 0; i < 30; i++) {
      em.create(OutboxMessage, {
        to: `u${i}@example.com`,
        subject: 's',
        text: 't',
        html: 'h',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
    }
    await em.flush();
  });
  afterEach(async () => {
    await Promise.all(orms.map((orm) => orm.close(true)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('never sends one message twice when two instances drain the same outbox at once', async () => {
    const transports = [new RecordingTransport(), new RecordingTransport()];
    const workers = orms.map(
      (orm, i) => new OutboxWorker(orm, transports[i] as unknown as MailTransport, config),
    );
    while ((await orms[0].em.fork().count(OutboxMessage, { sentAt: null })) > 0) {
      await Promise.all(workers.map((worker) => worker.drain()));
    }
    const all = [...transports[0].sent, ...transports[1].sent].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(transports[0].sent.length).toBeGreaterThan(0);
    expect(transports[1].sent.length).toBeGreaterThan(0);
  });

  it('keeps a failed message with its error and schedules the retry after the backoff', async () => {
    const transport = new RecordingTransport();
    transport.down = true;
    const worker = new OutboxWorker(orms[0], transport as unknown as MailTransport, config);
    const before = Date.now();
    expect(await worker.drain()).toBe(0);
    const rows = await orms[0].em.fork().find(OutboxMessage, {}, { orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(30);
    for (const row of rows.slice(0, 20)) {
      expect(row).toMatchObject({
        attempts: 1,
        sentAt: null,
        failedAt: null,
        lastError: 'connect ECONNREFUSED 127.0.0.1:2525',
      });
      expect(row.nextAttemptAt?.getTime()).toBeGreaterThanOrEqual(before + 5000);
    }
    // Not due yet: a second poll leaves them alone.
    transport.down = false;
    expect(await worker.drain()).toBe(10);
    expect(transport.sent).toEqual(Array.from({ length: 10 }, (_, i) => i + 21));
  });
});
