import { Entity, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';

import { Reply } from '../replies/reply.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

/**
 * A file uploaded to a ticket (table `attachments`). The bytes live in the attachment storage under
 * `storageKey`, content-addressed by `sha256`, so the same bytes uploaded twice are two rows and one
 * blob. `reply` is null until the upload is linked to a reply or internal note ("ticket
 * attachments"); `internal` is true when it is linked to an internal note, or when staff uploaded
 * it and it is not linked to a public reply yet (customers never see it then).
 */
@Entity({ tableName: 'attachments' })
@Index({ name: 'attachments_ticket_created_at_index', properties: ['ticket', 'createdAt'] })
@Index({ name: 'attachments_sha256_index', properties: ['sha256'] })
@Index({ name: 'attachments_reply_id_created_at_index', properties: ['reply', 'createdAt'] })
export class Attachment {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Ticket, deleteRule: 'cascade' })
  ticket!: Ticket;

  @ManyToOne({ entity: () => Reply, nullable: true, deleteRule: 'set null' })
  reply: Reply | null = null;

  @ManyToOne({ entity: () => User, deleteRule: 'restrict' })
  uploadedBy!: User;

  /** The sanitised file name (at most 255 UTF-8 bytes, no path, no control characters). */
  @Property({ type: 'string', length: 255 })
  filename!: string;

  /** The media type sniffed from the bytes (never the client's claim). */
  @Property({ type: 'string', length: 127 })
  contentType!: string;

  /** Size in bytes. */
  @Property({ type: 'integer' })
  size!: number;

  /** SHA-256 of the bytes, lower-case hex (64 characters); also the `ETag`. */
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  /** Where the storage keeps the bytes (`ab/cd/<sha256>` on local disk). */
  @Property({ type: 'string', length: 255 })
  storageKey!: string;

  /** True when a preview (`<storageKey>.preview`) was generated: images only. */
  @Property({ type: 'boolean' })
  hasPreview: Opt<boolean> = false;

  /** Hidden from customers: linked to an internal note, or uploaded by staff and not yet on a public reply. */
  @Property({ type: 'boolean' })
  internal: Opt<boolean> = false;

  @Property({ type: 'Date' })
  createdAt!: Date;
}
