import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { TicketHistoryType } from '@hd/shared/domain';

import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

/**
 * One recorded change of a ticket, written in the same transaction as the change. `from`/`to`
 * hold codes (statuses, priorities, category slugs), field values, or people's names.
 */
@Entity({ tableName: 'ticket_history' })
@Index({ name: 'ticket_history_ticket_at_index', properties: ['ticket', 'at'] })
// Reports count reopenings per period: a partial index holding only those events (same SQL on both dialects).
@Index({
  name: 'ticket_history_reopened_at_index',
  expression:
    'create index "ticket_history_reopened_at_index" on "ticket_history" ("at", "ticket_id") where "type" = \'status_changed\' and "to_value" = \'reopened\'',
})
export class TicketHistoryEvent {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Ticket, deleteRule: 'cascade' })
  ticket!: Ticket;

  @Property({ type: 'Date' })
  at!: Date;

  /** Null for changes the system made by itself (automation). */
  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  actor: User | null = null;

  @Property({ type: 'boolean' })
  system = false;

  @Enum({ items: () => TicketHistoryType, type: 'string', length: 32 })
  type!: TicketHistoryType;

  /** For `edited`: the field. */
  @Property({ type: 'string', length: 32, nullable: true })
  field: string | null = null;

  @Property({ type: 'text', nullable: true })
  fromValue: string | null = null;

  @Property({ type: 'text', nullable: true })
  toValue: string | null = null;

  /** True for events customers never see (internal notes). */
  @Property({ type: 'boolean' })
  internal = false;
}
