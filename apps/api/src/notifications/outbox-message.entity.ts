import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { Ticket } from '../tickets/ticket.entity';

/**
 * An e-mail waiting to be sent (the transactional outbox): written in the same unit of work as
 * the change it tells of, then sent by the {@link OutboxWorker}.
 *
 * `nextAttemptAt` is the worker's whole queue: it is the time the message is due (first try,
 * retry after backoff, or end of a claim's lease) and becomes null once the message is sent
 * (`sentAt`) or given up (`failedAt`). So the "due" query is one range scan of its index.
 * `claimToken` names the claim a worker holds while it sends; the worker records the outcome only
 * where the token is still its own, so a claim that expired and was taken over is left alone.
 */
@Entity({ tableName: 'outbox_messages' })
@Index({ name: 'outbox_messages_next_attempt_at_index', properties: ['nextAttemptAt'] })
export class OutboxMessage {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** The recipient's address. */
  @Property({ type: 'string', length: 254 })
  to!: string;

  @Property({ type: 'string', length: 400 })
  subject!: string;

  /** The plain-text part. */
  @Property({ type: 'text' })
  text!: string;

  /** The HTML part (user content escaped). */
  @Property({ type: 'text' })
  html!: string;

  /** How many times a worker claimed it to send (each claim is one attempt). */
  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  /** When a worker may next claim it; null once sent or given up. */
  @Property({ type: 'Date', nullable: true })
  nextAttemptAt: Date | null = new Date();

  /**
   * The random token (a UUID) of the claim a worker holds on it while sending, until `nextAttemptAt`;
   * null when no worker holds it.
   */
  @Property({ type: 'string', length: 36, nullable: true })
  claimToken: string | null = null;

  @Property({ type: 'Date', nullable: true })
  sentAt: Date | null = null;

  /** When the worker gave up after retrying for a day. */
  @Property({ type: 'Date', nullable: true })
  failedAt: Date | null = null;

  /** The last sending error, for operators. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  /**
   * The ticket the message tells of (notifications and acknowledgements), or null (account mail):
   * an e-mail reply to it threads onto this ticket, and its thread headers name the ticket.
   */
  @ManyToOne(() => Ticket, { nullable: true, deleteRule: 'set null', index: false })
  ticket: Ticket | null = null;
}
