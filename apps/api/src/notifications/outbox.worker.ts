import { randomUUID } from 'node:crypto';

import { MikroORM, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { MailTransport } from './mail.transport';
import { OutboxMessage } from './outbox-message.entity';
import { nextAttemptAfterFailure } from './outbox.backoff';

/** How long shutdown waits for the messages being sent, in ms. */
const SHUTDOWN_GRACE_MS = 15_000;

/** A message this worker claimed: the row as the claim left it, and the claim's token and lease end. */
interface Claim {
  message: OutboxMessage;
  token: string;
  /** When the claim's lease ends (`nextAttemptAt` as claimed), in ms since the epoch. */
  leaseEndsAt: number;
}

/**
 * Sends the e-mail outbox, many messages at once, each exactly once across every worker on the
 * database (one per API process).
 *
 * Every `OUTBOX_POLL_INTERVAL` it claims due messages (`next_attempt_at <= now`), oldest due first,
 * `OUTBOX_BATCH_SIZE` at a time, in one atomic UPDATE ... RETURNING that sets a fresh random
 * `claim_token`, counts the attempt and moves `next_attempt_at` to now + `OUTBOX_LEASE` (the lease).
 * The UPDATE picks its rows with a subquery that PostgreSQL runs `FOR UPDATE SKIP LOCKED` (two
 * workers claim different rows instead of waiting on each other) and SQLite runs under its single
 * write lock; either way a row is in at most one live claim. The next batch is claimed as soon as
 * the last message of the previous one has started, until a batch comes back short. While the
 * outbox keeps up (a claim finds fewer than `OUTBOX_CONCURRENCY` messages) messages go one at a
 * time, in queue order; behind, `OUTBOX_CONCURRENCY` at once through the pooled {@link MailTransport}
 * (they may then arrive out of order; their `Date` is the time they were queued).
 *
 * Outcomes are written only where the row still carries the claim's token, so a claim that expired
 * and was taken over by another worker is never overwritten: sent messages get `sent_at` (written
 * together: one UPDATE for all the messages that finished while the previous one ran); a failed
 * send schedules a retry with exponential backoff (from `OUTBOX_RETRY_BASE`, doubling, capped at 30
 * minutes) and gives up (`failed_at`) after a day. When a claimed message has not started by the
 * middle of its lease, it and the rest of its batch are given back and the drain ends, rather than
 * sending late: so while one send takes less than half the lease (the SMTP time-outs keep it well
 * under half the default), no lease ends during a send and no second worker sends the message.
 *
 * On shutdown it stops starting messages, gives back the claimed ones it has not started, and waits
 * for those in flight to be sent and recorded, so a restart neither loses nor duplicates mail. After
 * a crash mid-send, or between a send and the UPDATE recording it, the lease expires and the message
 * is sent again (at least once; the stable `Message-ID` lets receivers drop the copy).
 */
@Injectable()
export class OutboxWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private started = false;
  /** Ids of the messages being sent now. */
  private readonly inFlight = new Set<number>();
  /** Messages sent but not yet recorded as sent: claim token -> ids. */
  private readonly unrecorded = new Map<string, number[]>();
  /** The round of UPDATEs recording sent messages that is running, if any. */
  private recording: Promise<void> | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
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

  /**
   * Stops polling and claiming, and waits (up to 15 s) for the messages in flight to be sent and
   * recorded; claimed messages not yet started are given back.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.running) return;
    if (this.inFlight.size) {
      const [first, ...others] = [...this.inFlight];
      this.logger.warn(
        `waiting for e-mail ${first} in flight${others.length ? ` and ${others.length} more` : ''} before shutting down`,
      );
    }
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running,
      new Promise<void>((done) => (grace = setTimeout(done, SHUTDOWN_GRACE_MS))),
    ]);
    clearTimeout(grace);
  }

  /**
   * Sends every message due now: claims them in batches of `OUTBOX_BATCH_SIZE` until a claim finds
   * fewer than a batch, the worker stops, or half a claim's lease has passed (the claimed messages
   * not started are then given back). A claim of at least `OUTBOX_CONCURRENCY` messages (a backlog)
   * is sent `OUTBOX_CONCURRENCY` at a time; a smaller one, one at a time in queue order. Resolves
   * once every message it sent is recorded.
   * @returns how many messages were sent successfully
   * @throws the database's error when claiming or recording failed (after every send in flight has
   *   finished; sent messages not recorded are recorded by the next call)
   */
  async drain(): Promise<number> {
    await this.record();
    const { outboxBatchSize, outboxConcurrency, outboxLeaseMs } = this.config;
    const queue: Claim[] = [];
    const sending = new Set<Promise<void>>();
    let more = true;
    let width = 1;
    let failure: unknown = null;
    let sent = 0;
    while (!this.stopped) {
      const next = queue.shift();
      if (!next) {
        if (!more) break;
        try {
          const batch = await this.claim();
          queue.push(...batch);
          more = batch.length === outboxBatchSize;
          width = batch.length >= outboxConcurrency ? outboxConcurrency : 1;
        } catch (error) {
          failure ??= error;
          more = false;
        }
      } else if (this.clock.now().getTime() > next.leaseEndsAt - outboxLeaseMs / 2) {
        // Sending is slower than the lease allows: give the rest back and start afresh next poll.
        queue.unshift(next);
        break;
      } else {
        const send: Promise<void> = this.process(next)
          .then(
            (ok) => {
              if (ok) sent++;
            },
            (error: unknown) => {
              failure ??= error;
            },
          )
          .finally(() => sending.delete(send));
        sending.add(send);
        while (sending.size >= width) await Promise.race(sending);
      }
    }
    await Promise.all(sending);
    if (queue.length) await this.release(queue.splice(0)).catch((error: unknown) => (failure ??= error));
    await this.record().catch((error: unknown) => (failure ??= error));
    if (failure) throw failure;
    return sent;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((error: unknown) =>
          this.logger.error(`outbox poll failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.config.outboxPollIntervalMs);
  }

  /**
   * Claims up to `OUTBOX_BATCH_SIZE` due messages, oldest due first, in one statement (see the
   * class comment for why two workers never claim the same row).
   * @returns the claimed messages in id order
   */
  private async claim(): Promise<Claim[]> {
    const em = this.orm.em.fork() as EntityManager;
    const platform = em.getPlatform();
    const now = this.clock.now();
    const leaseEndsAt = now.getTime() + this.config.outboxLeaseMs;
    const token = randomUUID();
    const due = platform.processDateProperty(now);
    const rows = await em
      .getConnection('write')
      .execute<Array<Record<string, unknown>>>(
        `update outbox_messages set claim_token = ?, attempts = attempts + 1, next_attempt_at = ?` +
          ` where next_attempt_at <= ? and id in (select id from outbox_messages where next_attempt_at <= ?` +
          ` order by next_attempt_at, id limit ?${this.config.dialect === 'postgresql' ? ' for update skip locked' : ''})` +
          ` returning *`,
        [token, platform.processDateProperty(new Date(leaseEndsAt)), due, due, this.config.outboxBatchSize],
      );
    return rows
      .map((row) => ({ message: em.map(OutboxMessage, row), token, leaseEndsAt }))
      .sort((a, b) => a.message.id - b.message.id);
  }

  /**
   * Sends one claimed message and records the outcome (a success joins the next batched UPDATE).
   * @returns true when it was sent
   */
  private async process(claim: Claim): Promise<boolean> {
    const { message, token } = claim;
    this.inFlight.add(message.id);
    try {
      await this.transport.send(message);
    } catch (error) {
      this.metrics?.emailFailed();
      await this.recordFailure(claim, error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      this.inFlight.delete(message.id);
    }
    this.metrics?.emailSent();
    const ids = this.unrecorded.get(token) ?? [];
    ids.push(message.id);
    this.unrecorded.set(token, ids);
    // Errors surface from the `record()` that ends the drain.
    this.record().catch(() => undefined);
    return true;
  }

  /**
   * Records every sent message not yet recorded: one UPDATE per claim, one round at a time;
   * messages sent during a round are recorded by the next. Resolves when none is left.
   * @throws the database's error; the messages stay queued for the next call
   */
  private async record(): Promise<void> {
    while (this.unrecorded.size || this.recording) {
      this.recording ??= this.recordRound().finally(() => (this.recording = null));
      await this.recording;
    }
  }

  /** One round of {@link record}: marks sent every message queued now, a claim at a time. */
  private async recordRound(): Promise<void> {
    const round = [...this.unrecorded];
    this.unrecorded.clear();
    while (round.length) {
      const [token, ids] = round[0];
      try {
        await this.orm.em
          .fork()
          .nativeUpdate(
            OutboxMessage,
            { id: { $in: ids }, claimToken: token },
            { sentAt: this.clock.now(), nextAttemptAt: null, lastError: null, claimToken: null },
          );
      } catch (error) {
        for (const [unrecordedToken, unrecordedIds] of round)
          this.unrecorded.set(unrecordedToken, [
            ...unrecordedIds,
            ...(this.unrecorded.get(unrecordedToken) ?? []),
          ]);
        throw error;
      }
      round.shift();
    }
  }

  /** Schedules the retry of a message whose send failed, or gives it up after a day. */
  private async recordFailure(claim: Claim, reason: string): Promise<void> {
    const { message, token } = claim;
    const now = this.clock.now();
    const next = nextAttemptAfterFailure(
      message.attempts,
      message.createdAt,
      now,
      this.config.outboxRetryBaseMs,
    );
    const lastError = reason.slice(0, 2000);
    await this.orm.em
      .fork()
      .nativeUpdate(
        OutboxMessage,
        { id: message.id, claimToken: token },
        next
          ? { nextAttemptAt: next, lastError, claimToken: null }
          : { nextAttemptAt: null, failedAt: now, lastError, claimToken: null },
      );
    if (next)
      this.logger.warn(
        `e-mail ${message.id} to ${message.to} failed (attempt ${message.attempts}), retrying at ${next.toISOString()}: ${reason}`,
      );
    else
      this.logger.error(
        `e-mail ${message.id} to ${message.to} given up after ${message.attempts} attempts: ${reason}`,
      );
  }

  /**
   * Gives back claimed messages that were not sent: due again now, the attempt uncounted, where the
   * claim is still this worker's.
   */
  private async release(claims: Claim[]): Promise<void> {
    const byToken = new Map<string, number[]>();
    for (const { message, token } of claims) byToken.set(token, [...(byToken.get(token) ?? []), message.id]);
    for (const [token, ids] of byToken) {
      await this.orm.em
        .fork()
        .nativeUpdate(
          OutboxMessage,
          { id: { $in: ids }, claimToken: token },
          { nextAttemptAt: this.clock.now(), attempts: raw('attempts - 1'), claimToken: null },
        );
    }
  }
}
