import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** How many slots each (assignee, status) count is spread over. */
export const TICKET_COUNT_SLOTS = 16;

/**
 * How many tickets that are not deleted have each status and assignee, so the queue's total and its
 * status chips are read from a few rows instead of counting a million tickets. Kept by database
 * triggers on `tickets` (migration `ticket_counts`), in the transaction that changes the ticket, so
 * no code path can forget it and it is always exact. Each count is split over
 * {@link TICKET_COUNT_SLOTS} rows (by ticket id) so that concurrent transactions on PostgreSQL do
 * not all wait for one row's lock. Never written by the application.
 */
@Entity({ tableName: 'ticket_counts' })
export class TicketCount {
  /** The assignee's user id; 0 for unassigned tickets. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  assigneeId!: number;

  @PrimaryKey({ type: 'string', length: 32 })
  status!: string;

  /** `ticket id % TICKET_COUNT_SLOTS`. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  slot!: number;

  /** Tickets in this slot; may be negative in one slot while the sum over slots is exact. */
  @Property({ type: 'integer' })
  count!: number;
}
