import {
  Collection,
  Entity,
  Enum,
  Filter,
  Index,
  ManyToOne,
  Opt,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/core';

import { TicketCategory, TicketPriority, TicketStatus } from '@hd/shared/domain';

import { Reply } from '../replies/reply.entity';
import { User } from '../users/user.entity';
import { PriorityType } from './priority.type';

/**
 * A customer's request for help. Soft-deleted tickets keep their row (for audit) but the default
 * `notDeleted` filter hides them from every query.
 *
 * The composite indexes match the queue's queries: newest first overall, by status, by customer,
 * by assignee (a single-column index per field made SQLite sort 100k rows: 41 ms a query). Each
 * carries `deleted_at`, which every query filters on, so the page's `count(*)` is answered from the
 * index alone (100k tickets: 4 ms instead of 12 ms unfiltered, 1 ms instead of 10 ms by status).
 * Each ends with `id`, the lists' tie-breaker (`order by created_at desc, id desc`): SQLite keeps
 * the rowid at the end of every index anyway, PostgreSQL does not, and without it sorted every
 * matching ticket for a page (100,000 tickets: 35 to 53 ms a page, 10 pages a second under load).
 */
@Entity({ tableName: 'tickets' })
@Filter({ name: 'notDeleted', cond: { deletedAt: null }, default: true })
@Index({ name: 'tickets_deleted_at_created_at_index', properties: ['deletedAt', 'createdAt', 'id'] })
@Index({ name: 'tickets_deleted_at_updated_at_index', properties: ['deletedAt', 'updatedAt', 'id'] })
@Index({
  name: 'tickets_status_deleted_at_created_at_index',
  properties: ['status', 'deletedAt', 'createdAt', 'id'],
})
@Index({
  name: 'tickets_customer_deleted_at_created_at_index',
  properties: ['customer', 'deletedAt', 'createdAt', 'id'],
})
@Index({
  name: 'tickets_assignee_status_deleted_at_created_at_index',
  properties: ['assignee', 'status', 'deletedAt', 'createdAt', 'id'],
})
@Index({
  name: 'tickets_assignee_deleted_at_created_at_index',
  properties: ['assignee', 'deletedAt', 'createdAt', 'id'],
})
// The `tickets.auto_close` job's scan: resolved tickets by resolution time, oldest first.
@Index({
  name: 'tickets_status_deleted_at_resolved_at_index',
  properties: ['status', 'deletedAt', 'resolvedAt'],
})
@Index({ name: 'tickets_deleted_at_sla_due_at_index', properties: ['deletedAt', 'slaDueAt', 'id'] })
@Index({ name: 'tickets_sla_alert_at_index', properties: ['slaAlertAt'] })
// Reports (`ReportQueries`): counts per period and durations read from these alone, no row looked up.
@Index({
  name: 'tickets_report_resolved_at_index',
  properties: [
    'deletedAt',
    'resolvedAt',
    'status',
    'createdAt',
    'assignee',
    'resolutionDueAt',
    'resolutionMinutes',
  ],
})
@Index({
  name: 'tickets_report_closed_at_index',
  properties: ['deletedAt', 'closedAt', 'status', 'resolvedAt', 'createdAt', 'assignee', 'resolutionDueAt'],
})
@Index({
  name: 'tickets_report_first_response_at_index',
  properties: [
    'deletedAt',
    'firstResponseAt',
    'createdAt',
    'assignee',
    'firstResponseDueAt',
    'firstResponseMinutes',
  ],
})
@Index({
  name: 'tickets_report_first_response_due_at_index',
  properties: ['deletedAt', 'firstResponseDueAt', 'firstResponseAt', 'assignee'],
})
@Index({
  name: 'tickets_report_resolution_due_at_index',
  properties: ['deletedAt', 'resolutionDueAt', 'status', 'resolvedAt', 'closedAt', 'assignee'],
})
// A search's matches looked up without the table's wide rows (see the migration).
@Index({
  name: 'tickets_search_lookup_index',
  properties: ['id', 'deletedAt', 'customer', 'status', 'assignee'],
})
// Reports' percentiles: the durations in order, walked only up to the ranks (see the migration).
@Index({
  name: 'tickets_report_first_response_minutes_index',
  properties: ['deletedAt', 'firstResponseMinutes', 'firstResponseAt', 'assignee', 'priority', 'category'],
})
@Index({
  name: 'tickets_report_resolution_minutes_index',
  properties: ['deletedAt', 'resolutionMinutes', 'resolvedAt', 'assignee', 'priority', 'category'],
})
export class Ticket {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /**
   * `TICK-YYYYMMDD-NNNN`, given by {@link TicketNumbers} in the transaction that inserts the ticket.
   * The column's empty default only serves the migration that numbered the tickets before it.
   */
  @Property({ type: 'string', length: 32, unique: 'tickets_number_unique', default: '' })
  number!: string;

  @Property({ type: 'string', length: 200 })
  subject!: string;

  @Property({ type: 'text' })
  description!: string;

  @Enum({ items: () => TicketStatus, type: 'string', length: 32 })
  status: TicketStatus = TicketStatus.Open;

  @Property({ type: PriorityType, defaultRaw: '1' })
  priority: TicketPriority = TicketPriority.Medium;

  /** The slug of a managed {@link Category} (validated by the service: categories can be added). */
  @Property({ type: 'string', length: 32, default: TicketCategory.General })
  category: string = TicketCategory.General;

  /** The customer's phone number in E.164. */
  @Property({ type: 'string', length: 16, nullable: true })
  contactNumber: string | null = null;

  /** The product, device or service concerned. */
  @Property({ type: 'string', length: 200, nullable: true })
  affectedItem: string | null = null;

  @ManyToOne({ entity: () => User, deleteRule: 'restrict' })
  customer!: User;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  assignee: User | null = null;

  @OneToMany({ entity: () => Reply, mappedBy: 'ticket' })
  replies = new Collection<Reply>(this);

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /**
   * Optimistic-locking version, incremented by MikroORM on every update of the row: the ticket's
   * `ETag` (so two changes within one millisecond still differ) and a guard against lost updates.
   */
  @Property({ version: true, type: 'integer' })
  version: Opt<number> = 1;

  /** When staff first replied publicly: the first response, for SLAs. */
  @Property({ type: 'Date', nullable: true })
  firstResponseAt: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  closedAt: Date | null = null;

  /**
   * Reports: minutes from creation to {@link firstResponseAt}, business minutes when business hours
   * were on at that moment (fractions kept); null until the first response. Set by `SlaClockListener`.
   */
  @Property({ type: 'double', nullable: true })
  firstResponseMinutes: number | null = null;

  /**
   * Reports: minutes from creation to {@link resolvedAt} (the latest resolution), business minutes
   * when business hours were on at that moment; null until resolved. Set by `SlaClockListener`.
   */
  @Property({ type: 'double', nullable: true })
  resolutionMinutes: number | null = null;

  /**
   * SLA: when staff's first public reply is due. The SLA columns are kept by `SlaClockListener` on
   * every change of the ticket (see `@hd/shared/domain`'s `sla.ts` for the rules); null only on a
   * ticket they were never computed for.
   */
  @Property({ type: 'Date', nullable: true })
  firstResponseDueAt: Date | null = null;

  /** SLA: when the resolution is due, pushed by each pause of the resolution clock. */
  @Property({ type: 'Date', nullable: true })
  resolutionDueAt: Date | null = null;

  /** SLA: since when the resolution clock stands still (waiting on the customer, resolved, closed); null while it runs. */
  @Property({ type: 'Date', nullable: true })
  slaPausedAt: Date | null = null;

  /** SLA: the business time the resolution clock stood still before, in whole seconds (kept for priority changes). */
  @Property({ type: 'integer', default: 0 })
  slaPausedSeconds: Opt<number> = 0;

  /** SLA: the nearest running target's due time, for the queue's `sort=dueAt` and `sla` filters; null when no clock runs. */
  @Property({ type: 'Date', nullable: true })
  slaDueAt: Date | null = null;

  /** SLA: when the nearest running target passes the at-risk threshold; null when no clock runs. */
  @Property({ type: 'Date', nullable: true })
  slaAtRiskAt: Date | null = null;

  /** SLA: when the `sla.check` job looks at the ticket next (the earliest at-risk or due instant not yet past); null: never. */
  @Property({ type: 'Date', nullable: true })
  slaAlertAt: Date | null = null;

  @Property({ type: 'Date', nullable: true })
  deletedAt: Date | null = null;
}
