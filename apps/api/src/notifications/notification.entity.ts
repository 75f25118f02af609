import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { NotificationType } from '@hd/shared/domain';

import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

/**
 * One in-app notification for one recipient. Written in the same unit of work as the ticket
 * change it tells of. The indexes match the notification centre's queries: the unread list and
 * count (`user_id, read_at, created_at`) and the full list newest first (`user_id, created_at`).
 */
@Entity({ tableName: 'notifications' })
@Index({ name: 'notifications_user_read_created_index', properties: ['user', 'readAt', 'createdAt'] })
@Index({ name: 'notifications_user_created_index', properties: ['user', 'createdAt'] })
export class Notification {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** The recipient. */
  @ManyToOne({ entity: () => User, deleteRule: 'cascade', index: false })
  user!: User;

  @Enum({ items: () => NotificationType, type: 'string', length: 32 })
  type!: NotificationType;

  @ManyToOne({ entity: () => Ticket, deleteRule: 'cascade' })
  ticket!: Ticket;

  @Property({ type: 'string', length: 300 })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  /** When the recipient marked it read; null while unread. */
  @Property({ type: 'Date', nullable: true })
  readAt: Date | null = null;
}
