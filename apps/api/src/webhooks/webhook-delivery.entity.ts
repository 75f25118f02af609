import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { Webhook } from './webhook.entity';

/**
 * One event to deliver to one webhook (the webhook outbox): written in the same transaction as the
 * change it tells of, then POSTed by the `WebhookDeliveryWorker`. `nextAttemptAt` is the queue (null
 * once delivered or given up); `claimToken` names the worker holding it while it sends, as in the
 * e-mail outbox, so two replicas never send one delivery at once.
 */
@Entity({ tableName: 'webhook_deliveries' })
@Index({ name: 'webhook_deliveries_next_attempt_at_index', properties: ['nextAttemptAt'] })
@Index({ name: 'webhook_deliveries_webhook_id_id_index', properties: ['webhook', 'id'] })
export class WebhookDelivery {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Webhook, deleteRule: 'cascade' })
  webhook!: Webhook;

  /** A UUID, sent as `X-Helpdesk-Delivery` and as the payload's `id`. */
  @Property({ type: 'string', length: 36 })
  deliveryId!: string;

  @Property({ type: 'string', length: 50 })
  event!: string;

  /** The exact JSON body sent (signed as is). */
  @Property({ type: 'text' })
  payload!: string;

  /** `pending`, `delivered` or `failed`. */
  @Property({ type: 'string', length: 16 })
  status!: string;

  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Property({ type: 'Date', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  claimToken: string | null = null;

  @Property({ type: 'integer', nullable: true })
  lastStatusCode: number | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  lastError: string | null = null;

  @Property({ type: 'Date', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: 'Date' })
  createdAt!: Date;
}
