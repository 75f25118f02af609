import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailTransport } from './mail.transport';
import { OutboxMessage } from './outbox-message.entity';
import { nextAttemptAfterFailure } from './outbox.backoff';

/** How many due messages one poll takes at most. */
const BATCH_SIZE = 20;
/** How long shutdown waits for the message being sent, in ms. */
const SHUTDOWN_GRACE_MS = 15_000;

/**
 * Sends the e-mail outbox. Every `OUTBOX_POLL_INTERVAL` it reads the due messages
 * (`next_attempt_at <= now`) and, for each, first claims it with one conditional UPDATE (same
 * `attempts` and still due; it sets `next_attempt_at` to now + `OUTBOX_LEASE`), so two workers,
 * in one process or several, never both send it. Then it sends and records `sent_at`; on failure
 * it schedules a retry with exponential backoff (from `OUTBOX_RETRY_BASE`, doubling, capped at
 * 30 minutes) and gives up (`failed_at`) after a day.
 *
 * On shutdown it stops claiming and waits for the message in flight to be sent and recorded, so
 * a restart neither loses nor duplicates mail. After a crash mid-send the lease expires and the
 * message is sent again (at least once; the stable `Message-ID` lets receivers drop the copy).
 */
@Injectable()
export class OutboxWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private started = false;
  private inFlight: number | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Starts polling. `createApp` calls it once the migrations have run (Nest's bootstrap hooks run
   * before them). Calling it again does nothing.
   */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.transport.directory)
      this.logger.log(`SMTP_URL is not set: e-mail is written to ${this.transport.directory}`);
    this.schedule();
  }

  /** Stops polling and waits (up to 15 s) for the message being sent. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.running) return;
    if (this.inFlight !== null)
      this.logger.warn(`waiting for e-mail ${this.inFlight} in flight before shutting down`);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running,
      new Promise<void>((done) => (grace = setTimeout(done, SHUTDOWN_GRACE_MS))),
    ]);
    clearTimeout(grace);
  }

  /**
   * Sends every message due now, one at a time, oldest due first.
   * @returns how many were sent successfully
   */
  async drain(): Promise<number> {
    const em = this.orm.em.fork() as EntityManager;
    const due = await em.find(
      OutboxMessage,
      { nextAttemptAt: { $lte: new Date() } },
      { orderBy: { nextAttemptAt: 'asc', id: 'asc' }, limit: BATCH_SIZE },
    );
    let sent = 0;
    for (const message of due) {
      if (this.stopped) break;
      if (await this.process(em, message)) sent++;
    }
    return sent;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(
          () => undefined,
          (error: unknown) =>
            this.logger.error(
              `outbox poll failed: ${error instanceof Error ? error.message : String(error)}`,
            ),
        )
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.config.outboxPollIntervalMs);
  }

  /** Claims, sends and records one message. @returns true when it was sent */
  private async process(em: EntityManager, message: OutboxMessage): Promise<boolean> {
    const now = new Date();
    const attempts = message.attempts + 1;
    const claimed = await em.nativeUpdate(
      OutboxMessage,
      { id: message.id, attempts: message.attempts, nextAttemptAt: { $lte: now } },
      { attempts, nextAttemptAt: new Date(now.getTime() + this.config.outboxLeaseMs) },
    );
    if (claimed !== 1) return false;
    this.inFlight = message.id;
    try {
      await this.transport.send(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const next = nextAttemptAfterFailure(
        attempts,
        message.createdAt,
        new Date(),
        this.config.outboxRetryBaseMs,
      );
      await em.nativeUpdate(
        OutboxMessage,
        { id: message.id },
        next
          ? { nextAttemptAt: next, lastError: reason.slice(0, 2000) }
          : { nextAttemptAt: null, failedAt: new Date(), lastError: reason.slice(0, 2000) },
      );
      if (next)
        this.logger.warn(
          `e-mail ${message.id} to ${message.to} failed (attempt ${attempts}), retrying at ${next.toISOString()}: ${reason}`,
        );
      else
        this.logger.error(
          `e-mail ${message.id} to ${message.to} given up after ${attempts} attempts: ${reason}`,
        );
      return false;
    } finally {
      this.inFlight = null;
    }
    await em.nativeUpdate(
      OutboxMessage,
      { id: message.id },
      { sentAt: new Date(), nextAttemptAt: null, lastError: null },
    );
    return true;
  }
}
