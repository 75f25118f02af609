import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One `Idempotency-Key` a user sent to a creating endpoint, with the answer it got: the same key
 * from the same user on the same endpoint within 24 hours gets that answer again instead of a
 * second creation. A row without `statusCode` is a request still in progress.
 */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ name: 'idempotency_keys_user_scope_key_unique', properties: ['userId', 'scope', 'key'] })
@Index({ name: 'idempotency_keys_created_at_index', properties: ['createdAt'] })
export class IdempotencyKey {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'integer' })
  userId!: number;

  /** The endpoint, e.g. `POST /api/tickets/42/replies`. */
  @Property({ type: 'string', length: 300 })
  scope!: string;

  @Property({ type: 'string', length: 255 })
  key!: string;

  /** SHA-256 of the request body, in hex: the same key with another body is refused. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  /** The answer's status; null while the first request is still running. */
  @Property({ type: 'integer', nullable: true })
  statusCode: number | null = null;

  /** The answer's JSON body. */
  @Property({ type: 'text', nullable: true })
  responseBody: string | null = null;

  @Property({ type: 'Date' })
  createdAt!: Date;
}
