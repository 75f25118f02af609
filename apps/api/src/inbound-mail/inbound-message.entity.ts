import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

/** What became of an inbound message. */
export enum InboundStatus {
  /** Being processed (or the process stopped while it was; see `InboundMailService`). */
  Processing = 'processing',
  /** A ticket was opened for it. */
  TicketCreated = 'ticket_created',
  /** It was added as a reply to a ticket. */
  Replied = 'replied',
  /** Automatic or bulk mail, or mail of our own: dropped so no mail loop can start. */
  Ignored = 'ignored',
  /** Refused by a rule (unknown sender under `INBOUND_UNKNOWN_SENDERS=reject`, inactive account, ...). */
  Rejected = 'rejected',
  /** Processing failed; the raw message is kept under `DATA_DIR/mail/failed`. */
  Failed = 'failed',
}

/**
 * One inbound e-mail, by its `Message-ID`: the unique key makes a second delivery of the same
 * message (a retrying MTA, two replicas polling, IMAP and SMTP both) a no-op.
 */
@Entity({ tableName: 'inbound_messages' })
export class InboundMessage {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** The `Message-ID` as received (angle brackets included), or a SHA-256 key (see `dedupeKey`). */
  @Property({ type: 'string', length: 500, unique: true })
  messageId!: string;

  @Enum({ items: () => InboundStatus, type: 'string', length: 16 })
  status: InboundStatus = InboundStatus.Processing;

  /** The sender's address (lower case), when the message had one. */
  @Property({ type: 'string', length: 254, nullable: true })
  sender: string | null = null;

  /** The ticket opened or replied to. */
  @Property({ type: 'integer', nullable: true })
  ticketId: number | null = null;

  /** Why it was ignored, rejected or failed, for operators. */
  @Property({ type: 'text', nullable: true })
  detail: string | null = null;

  @Property({ type: 'Date' })
  receivedAt!: Date;

  @Property({ type: 'Date', nullable: true })
  processedAt: Date | null = null;
}
