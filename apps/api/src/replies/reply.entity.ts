import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

/** One message in a ticket's thread; `internal` marks a note only staff ever see. */
@Entity({ tableName: 'replies' })
@Index({ name: 'replies_ticket_created_at_index', properties: ['ticket', 'createdAt'] })
export class Reply {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Ticket, deleteRule: 'cascade' })
  ticket!: Ticket;

  @ManyToOne({ entity: () => User, deleteRule: 'restrict' })
  author!: User;

  @Property({ type: 'text' })
  content!: string;

  @Property({ type: 'boolean' })
  internal = false;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
