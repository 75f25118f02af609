import { randomBytes } from 'node:crypto';

import { EntityManager } from '@mikro-orm/knex';
import { BadRequestException, Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';

import {
  AuditAction,
  AuditChanges,
  CreatedWebhookResponse,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookDeliveryStatus,
  WebhookEvent,
  WebhookListResponse,
  WebhookResponse,
} from '@hd/shared/domain';
import { CreateWebhookDto, PageQueryDto, UpdateWebhookDto } from '@hd/shared/dto';

import { AuditService, changedFields, toggleAwareAction } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { RedisService } from '../redis/redis.service';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookDelivery } from './webhook-delivery.entity';
import { Webhook } from './webhook.entity';

/** How long a process keeps the list of active webhooks, in ms. */
const ACTIVE_TTL_MS = 5_000;

/** Redis channel on which a replica tells the others that webhooks changed. */
const CHANGED_CHANNEL = 'helpdesk:webhooks:changed';

/** An active webhook as the listener needs it. */
export interface ActiveWebhook {
  id: number;
  events: ReadonlySet<WebhookEvent>;
  includeInternalNotes: boolean;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function eventsOf(webhook: Webhook): WebhookEvent[] {
  return webhook.events.split(',').filter(Boolean) as WebhookEvent[];
}

/**
 * The fields of a webhook the audit log records (`events` as stored, comma-separated): never its
 * signing secret, and not its failure count, which deliveries change.
 */
function auditedFields(webhook: Webhook): Record<string, string | boolean | null> {
  return {
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    includeInternalNotes: webhook.includeInternalNotes,
    disabledReason: webhook.disabledReason,
  };
}

/** The audit target of a webhook. */
const target = (webhook: Webhook) => ({ type: 'webhook' as const, id: webhook.id });

function toResponse(webhook: Webhook): WebhookResponse {
  return {
    id: webhook.id,
    url: webhook.url,
    events: eventsOf(webhook),
    active: webhook.active,
    includeInternalNotes: webhook.includeInternalNotes,
    consecutiveFailures: webhook.consecutiveFailures,
    disabledReason: webhook.disabledReason,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

function toDeliveryResponse(delivery: WebhookDelivery): WebhookDeliveryResponse {
  return {
    id: delivery.id,
    deliveryId: delivery.deliveryId,
    event: delivery.event as WebhookEvent,
    status: delivery.status as WebhookDeliveryStatus,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    lastAttemptAt: iso(delivery.lastAttemptAt),
    nextAttemptAt: iso(delivery.nextAttemptAt),
    deliveredAt: iso(delivery.deliveredAt),
  };
}

/**
 * Webhooks (admins): create, list, change, delete; their deliveries and redelivery; and the active
 * list the listener reads on every ticket change (kept 5 s, dropped at once on a change here and,
 * with `REDIS_URL`, on every replica). Creating, changing and deleting a webhook are written to the
 * audit log in the same transaction (`webhook.*` actions; never the signing secret).
 */
@Injectable()
export class WebhooksService {
  private active: { list: Promise<ActiveWebhook[]>; until: number } | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly worker: WebhookDeliveryWorker,
    private readonly audit: AuditService,
    @Optional() @Inject(RedisService) private readonly redis?: RedisService,
  ) {
    this.redis?.subscribe(CHANGED_CHANNEL, () => (this.active = null));
  }

  /**
   * The active webhooks (cached, see the class comment). Inside a transaction, pass its
   * EntityManager and transaction: a miss then reads through the connection the transaction already
   * holds, never waiting for a second one from the pool (100 transactions at once would otherwise
   * hold every pooled connection while each waits for another).
   */
  activeWebhooks(em?: EntityManager, transaction?: unknown): Promise<ActiveWebhook[]> {
    const now = this.clock.now().getTime();
    if (this.active && this.active.until > now) return this.active.list;
    const reader = em ?? this.em.fork();
    const list = reader
      .getConnection('write')
      .execute<Array<{ id: number; events: string; include_internal_notes: unknown }>>(
        'select id, events, include_internal_notes from webhooks where active = ? order by id',
        [true],
        'all',
        transaction as never,
      )
      .then((rows) =>
        rows.map((row) => ({
          id: Number(row.id),
          events: new Set(row.events.split(',').filter(Boolean) as WebhookEvent[]),
          includeInternalNotes: row.include_internal_notes === true || row.include_internal_notes === 1,
        })),
      );
    const entry = { list, until: now + ACTIVE_TTL_MS };
    this.active = entry;
    list.catch(() => this.active === entry && (this.active = null));
    return list;
  }

  /**
   * Creates a webhook for `actor` (an admin); without `secret`, generates one (`whsec_` and 256
   * random bits). Audited as `webhook.created` with its URL, events and flags.
   * @returns the webhook with its secret, shown this once
   * @throws BadRequestException `WEBHOOK_URL_FORBIDDEN` for a private, loopback or link-local address not allowed
   */
  async create(dto: CreateWebhookDto, actor: AuthUser): Promise<CreatedWebhookResponse> {
    this.checkUrl(dto.url);
    const webhook = await this.em.transactional(async () => {
      const now = this.clock.now();
      const created = this.em.create(Webhook, {
        url: dto.url,
        events: dto.events.join(','),
        secret: dto.secret ?? `whsec_${randomBytes(32).toString('base64url')}`,
        active: dto.active ?? true,
        includeInternalNotes: dto.includeInternalNotes ?? false,
        consecutiveFailures: 0,
        disabledReason: null,
        createdAt: now,
        updatedAt: now,
      });
      await this.em.flush(); // the audit entry names the new id
      this.audit.record({
        actor,
        action: AuditAction.WebhookCreated,
        target: target(created),
        changes: changedFields({}, auditedFields(created)),
      });
      return created;
    });
    this.changed();
    return { ...toResponse(webhook), secret: webhook.secret };
  }

  /** Every webhook, newest first. */
  async list(): Promise<WebhookListResponse> {
    const webhooks = await this.em.find(Webhook, {}, { orderBy: { id: 'desc' } });
    return { items: webhooks.map(toResponse) };
  }

  /** One webhook. @throws NotFoundException `NOT_FOUND` */
  async get(id: number): Promise<WebhookResponse> {
    return toResponse(await this.find(id));
  }

  /**
   * Changes any field for `actor` (an admin); turning a webhook on again clears its failure count
   * and reason. Audited like a category: `webhook.enabled` or `webhook.disabled` when `active`
   * changed, else `webhook.updated`, with each changed field; a new signing secret adds a
   * `webhook.secret_changed` entry without any value. A change to nothing is not audited.
   * @throws NotFoundException `NOT_FOUND`; BadRequestException `WEBHOOK_URL_FORBIDDEN`
   */
  async update(id: number, dto: UpdateWebhookDto, actor: AuthUser): Promise<WebhookResponse> {
    const webhook = await this.find(id);
    const before = auditedFields(webhook);
    const secretChanged = dto.secret !== undefined && dto.secret !== webhook.secret;
    if (dto.url !== undefined) {
      this.checkUrl(dto.url);
      webhook.url = dto.url;
    }
    if (dto.events !== undefined) webhook.events = dto.events.join(',');
    if (dto.secret !== undefined) webhook.secret = dto.secret;
    if (dto.includeInternalNotes !== undefined) webhook.includeInternalNotes = dto.includeInternalNotes;
    if (dto.active !== undefined) {
      if (dto.active && !webhook.active) {
        webhook.consecutiveFailures = 0;
        webhook.disabledReason = null;
      }
      webhook.active = dto.active;
    }
    webhook.updatedAt = this.clock.now();
    const changes = changedFields(before, auditedFields(webhook));
    if (Object.keys(changes).length) {
      const action = toggleAwareAction(changes, webhook.active, {
        updated: AuditAction.WebhookUpdated,
        on: AuditAction.WebhookEnabled,
        off: AuditAction.WebhookDisabled,
      });
      this.audit.record({ actor, action, target: target(webhook), changes });
    }
    if (secretChanged) {
      this.audit.record({
        actor,
        action: AuditAction.WebhookSecretChanged,
        target: target(webhook),
        changes: {},
      });
    }
    await this.em.flush();
    this.changed();
    return toResponse(webhook);
  }

  /**
   * Deletes a webhook and its deliveries for `actor` (an admin), in one transaction with its
   * `webhook.deleted` audit entry (each audited field that had a value, from it to null).
   * @throws NotFoundException `NOT_FOUND`
   */
  async remove(id: number, actor: AuthUser): Promise<void> {
    const webhook = await this.find(id);
    await this.em.transactional(async () => {
      const changes: AuditChanges = Object.fromEntries(
        Object.entries(auditedFields(webhook))
          .filter(([, from]) => from !== null)
          .map(([field, from]) => [field, { from, to: null }]),
      );
      this.audit.record({ actor, action: AuditAction.WebhookDeleted, target: target(webhook), changes });
      await this.em.nativeDelete(WebhookDelivery, { webhook: id });
      this.em.remove(webhook);
    });
    this.changed();
  }

  /** A page of a webhook's deliveries, newest first. @throws NotFoundException `NOT_FOUND` */
  async deliveries(id: number, query: PageQueryDto): Promise<WebhookDeliveryPageResponse> {
    await this.find(id);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const [items, total] = await this.em.findAndCount(
      WebhookDelivery,
      { webhook: id },
      { orderBy: { id: 'desc' }, limit: pageSize, offset: (page - 1) * pageSize },
    );
    return { items: items.map(toDeliveryResponse), total, page, pageSize };
  }

  /**
   * Sends a delivery again now (same body and delivery id, freshly signed), whatever its status;
   * one being sent right now is left to finish.
   * @throws NotFoundException `NOT_FOUND` for an unknown webhook or a delivery of another webhook
   */
  async redeliver(id: number, deliveryId: number): Promise<WebhookDeliveryResponse> {
    const delivery = await this.em.findOne(WebhookDelivery, { id: deliveryId, webhook: id });
    if (!delivery)
      throw new NotFoundException({ message: 'No such delivery of this webhook', code: ErrorCode.NotFound });
    if (!delivery.claimToken) {
      delivery.status = WebhookDeliveryStatus.Pending;
      delivery.nextAttemptAt = this.clock.now();
      await this.em.flush();
      this.worker.kick();
    }
    return toDeliveryResponse(delivery);
  }

  private async find(id: number): Promise<Webhook> {
    const webhook = await this.em.findOne(Webhook, { id });
    if (!webhook)
      throw new NotFoundException({ message: 'No webhook with this id', code: ErrorCode.NotFound });
    return webhook;
  }

  private checkUrl(url: string): void {
    const problem = this.worker.addressPolicy.problemWith(url);
    if (problem) {
      throw new BadRequestException({
        message: `Webhook URL not allowed: ${problem}; list the host in WEBHOOK_ALLOW_HOSTS to allow it`,
        code: ErrorCode.WebhookUrlForbidden,
        errors: { url: ['must reach a public address'] },
      });
    }
  }

  private changed(): void {
    this.active = null;
    void this.redis?.publish(CHANGED_CHANNEL, 1);
  }
}
