import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';

import {
  AuditAction,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookDeliveryStatus,
} from '@hd/shared/domain';

import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { nextAttemptAfterFailure } from '../notifications/outbox.backoff';
import { WebhookAddressPolicy } from './webhook-address.policy';
import { WebhookDelivery } from './webhook-delivery.entity';
import { signWebhook } from './webhook-signature';
import { Webhook } from './webhook.entity';

/** Deliveries claimed in one statement. */
const BATCH_SIZE = 20;
/** Deliveries sent at once. */
const CONCURRENCY = 5;
/** How long a claim lasts, in ms: past it (a crash mid-send) another worker may send the delivery. */
const LEASE_MS = 2 * 60_000;
/** The most of a receiver's answer that is read, in bytes (the rest is discarded). */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The outcome of one POST. */
interface Attempt {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * Sends webhook deliveries: every `WEBHOOK_POLL_INTERVAL` (and right after a change committed some)
 * it claims due deliveries with a claim token (one statement; `for update skip locked` on
 * PostgreSQL, so replicas never send one delivery at once), POSTs each signed body
 * (`X-Helpdesk-Signature`, see `signWebhook`) with `X-Helpdesk-Delivery` and `X-Helpdesk-Event`,
 * at most `WEBHOOK_TIMEOUT` each, through the SSRF guard ({@link WebhookAddressPolicy}); redirects
 * are not followed. A 2xx delivers; anything else is retried with exponential back-off from
 * `WEBHOOK_RETRY_BASE` (at most 30 min apart) and given up 24 h after the event. After
 * `WEBHOOK_DISABLE_AFTER` failed attempts in a row the webhook is switched off and its pending
 * deliveries given up; an admin turns it on again (and may redeliver).
 */
@Injectable()
export class WebhookDeliveryWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly policy: WebhookAddressPolicy;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {
    this.policy = new WebhookAddressPolicy(config.webhookAllowHosts);
  }

  /** The SSRF guard in force (for validating URLs when webhooks are saved). */
  get addressPolicy(): WebhookAddressPolicy {
    return this.policy;
  }

  /** Starts polling (`createApp` calls it after the migrations); again does nothing. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(this.config.webhookPollIntervalMs);
  }

  /** Sends what is due now rather than at the next poll (after a change queued deliveries). */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Stops polling and waits for the deliveries in flight (up to the timeout of one). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Sends every delivery due now, `CONCURRENCY` at a time.
   * @returns how many were delivered
   */
  async drain(): Promise<number> {
    let delivered = 0;
    while (!this.stopped) {
      const batch = await this.claim();
      const queue = [...batch];
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            if (await this.process(next.delivery, next.token)) delivered++;
          }
        }),
      );
      if (batch.length < BATCH_SIZE) break;
    }
    return delivered;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .then(
          () => undefined,
          (error: unknown) =>
            this.logger.error(
              `webhook poll failed: ${error instanceof Error ? error.message : String(error)}`,
            ),
        )
        .finally(() => {
          this.running = null;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.config.webhookPollIntervalMs);
        });
    }, delayMs);
  }

  private async claim(): Promise<Array<{ delivery: WebhookDelivery; token: string }>> {
    const em = this.orm.em.fork() as EntityManager;
    const platform = em.getPlatform();
    const now = this.clock.now();
    const token = randomUUID();
    const due = platform.processDateProperty(now);
    const rows = await em
      .getConnection('write')
      .execute<Array<Record<string, unknown>>>(
        'update webhook_deliveries set claim_token = ?, attempts = attempts + 1, next_attempt_at = ?' +
          ' where next_attempt_at <= ? and id in (select id from webhook_deliveries where next_attempt_at <= ?' +
          ` order by next_attempt_at, id limit ?${this.config.dialect === 'postgresql' ? ' for update skip locked' : ''})` +
          ' returning *',
        [token, platform.processDateProperty(new Date(now.getTime() + LEASE_MS)), due, due, BATCH_SIZE],
      );
    return rows
      .map((row) => ({ delivery: em.map(WebhookDelivery, row), token }))
      .sort((a, b) => a.delivery.id - b.delivery.id);
  }

  /** Sends one claimed delivery and records the outcome. @returns whether it was delivered */
  private async process(delivery: WebhookDelivery, token: string): Promise<boolean> {
    const em = this.orm.em.fork() as EntityManager;
    const webhook = await em.findOne(Webhook, { id: delivery.webhook.id });
    const now = this.clock.now();
    if (!webhook || !webhook.active) {
      await em.nativeUpdate(
        WebhookDelivery,
        { id: delivery.id, claimToken: token },
        {
          status: WebhookDeliveryStatus.Failed,
          nextAttemptAt: null,
          claimToken: null,
          lastError: 'The webhook is switched off',
        },
      );
      return false;
    }
    const attempt = await this.post(webhook, delivery);
    const done = this.clock.now();
    if (attempt.ok) {
      await em.nativeUpdate(
        WebhookDelivery,
        { id: delivery.id, claimToken: token },
        {
          status: WebhookDeliveryStatus.Delivered,
          nextAttemptAt: null,
          claimToken: null,
          lastStatusCode: attempt.statusCode,
          lastError: null,
          lastAttemptAt: now,
          deliveredAt: done,
        },
      );
      if (webhook.consecutiveFailures)
        await em.nativeUpdate(Webhook, { id: webhook.id }, { consecutiveFailures: 0 });
      return true;
    }
    const next = nextAttemptAfterFailure(
      delivery.attempts,
      delivery.createdAt,
      done,
      this.config.webhookRetryBaseMs,
    );
    await em.nativeUpdate(
      WebhookDelivery,
      { id: delivery.id, claimToken: token },
      {
        status: next ? WebhookDeliveryStatus.Pending : WebhookDeliveryStatus.Failed,
        nextAttemptAt: next,
        claimToken: null,
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error?.slice(0, 500) ?? null,
        lastAttemptAt: now,
      },
    );
    await this.countFailure(em, webhook);
    return false;
  }

  /** Counts a failed attempt against the webhook and switches it off at `WEBHOOK_DISABLE_AFTER` in a row. */
  private async countFailure(em: EntityManager, webhook: Webhook): Promise<void> {
    await em
      .getConnection('write')
      .execute(
        'update webhooks set consecutive_failures = consecutive_failures + 1 where id = ?',
        [webhook.id],
        'run',
      );
    const failures = webhook.consecutiveFailures + 1;
    if (failures < this.config.webhookDisableAfter) return;
    const reason = `Switched off after ${failures} failed deliveries in a row`;
    // Switched off, its pending deliveries given up and the audit entry, all or nothing.
    const changed = await em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(
        Webhook,
        { id: webhook.id, active: true },
        { active: false, disabledReason: reason, updatedAt: this.clock.now() },
      );
      if (!updated) return false;
      await tx.nativeUpdate(
        WebhookDelivery,
        { webhook: webhook.id, status: WebhookDeliveryStatus.Pending, claimToken: null },
        {
          status: WebhookDeliveryStatus.Failed,
          nextAttemptAt: null,
          lastError: 'The webhook was switched off',
        },
      );
      // By the system (no actor), like an admin's `active: false` with the reason it was turned off.
      this.audit.record(
        {
          actor: null,
          action: AuditAction.WebhookDisabled,
          target: { type: 'webhook', id: webhook.id },
          changes: {
            active: { from: true, to: false },
            disabledReason: { from: webhook.disabledReason, to: reason },
          },
        },
        tx as EntityManager,
      );
      return true;
    });
    if (!changed) return;
    this.logger.warn(`webhook ${webhook.id} (${webhook.url}): ${reason}`);
  }

  /** POSTs the delivery once. */
  private post(webhook: Webhook, delivery: WebhookDelivery): Promise<Attempt> {
    const problem = this.policy.problemWith(webhook.url);
    if (problem)
      return Promise.resolve({ ok: false, statusCode: null, error: `Address not allowed: ${problem}` });
    const url = new URL(webhook.url);
    const body = delivery.payload;
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Attempt>((resolve) => {
      const request = send(
        url,
        {
          method: 'POST',
          lookup: this.policy.lookup,
          timeout: this.config.webhookTimeoutMs,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Helpdesk-Webhooks/1.0',
            [WEBHOOK_SIGNATURE_HEADER]: signWebhook(body, webhook.secret, timestamp),
            [WEBHOOK_DELIVERY_HEADER]: delivery.deliveryId,
            [WEBHOOK_EVENT_HEADER]: delivery.event,
          },
        },
        (response) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) response.destroy();
          });
          const statusCode = response.statusCode ?? 0;
          const ok = statusCode >= 200 && statusCode < 300;
          const finish = (): void =>
            resolve({ ok, statusCode, error: ok ? null : `The receiver answered ${statusCode}` });
          response.once('end', finish);
          response.once('close', finish);
        },
      );
      request.once('timeout', () =>
        request.destroy(new Error(`No answer within ${this.config.webhookTimeoutMs} ms`)),
      );
      request.once('error', (error) => resolve({ ok: false, statusCode: null, error: error.message }));
      request.end(body);
    });
  }
}
