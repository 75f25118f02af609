import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An outgoing webhook: events POSTed to `url`, signed with `secret` (HMAC-SHA256). The secret is
 * kept as given (signing needs it) and never returned after creation.
 */
@Entity({ tableName: 'webhooks' })
export class Webhook {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 2000 })
  url!: string;

  /** The subscribed events, comma-separated. */
  @Property({ type: 'string', length: 200 })
  events!: string;

  @Property({ type: 'string', length: 200 })
  secret!: string;

  @Property({ type: 'boolean' })
  active!: boolean;

  @Property({ type: 'boolean' })
  includeInternalNotes!: boolean;

  /** Deliveries that failed in a row; at `WEBHOOK_DISABLE_AFTER` the webhook is switched off. */
  @Property({ type: 'integer', default: 0 })
  consecutiveFailures = 0;

  @Property({ type: 'string', length: 300, nullable: true })
  disabledReason: string | null = null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}
