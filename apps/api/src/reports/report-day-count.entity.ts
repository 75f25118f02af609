import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How many tickets count under each report figure (`kind`) per UTC day, priority, category and
 * assignee, so that a report over a long period adds up a few hundred rows per figure instead of
 * counting a million tickets. Kept by database triggers on `tickets` (migration `report_day_counts`,
 * where the kinds are defined), in the transaction that changes the ticket, so no code path can
 * forget it and it is always exact; deleted tickets never count. `ReportQueries` reads it for the
 * whole UTC days of a period and counts the tickets of the part days at its ends. On PostgreSQL each
 * count is spread over 4 rows (`slot`, by ticket id) so that concurrent transactions seldom wait for
 * one row's lock; SQLite, with its one writer, uses slot 0. Never written by the application.
 */
@Entity({ tableName: 'report_day_counts' })
export class ReportDayCount {
  /** The figure, e.g. `created`, `resolved`, `first_response_met` (see the migration). */
  @PrimaryKey({ type: 'string', length: 32 })
  kind!: string;

  /** The UTC day, as the ms since the epoch of its midnight. */
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: false })
  day!: number;

  /** The priority's rank, as tickets store it. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  priority!: number;

  /** The category's slug. */
  @PrimaryKey({ type: 'string', length: 32 })
  category!: string;

  /** The assignee's user id; 0 for unassigned tickets. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  assigneeId!: number;

  /** Always 0 on SQLite; `ticket id % 4` on PostgreSQL. */
  @PrimaryKey({ type: 'integer', autoincrement: false })
  slot!: number;

  /** Tickets in this row; may be negative in one slot while the sum over slots is exact. */
  @Property({ type: 'integer' })
  count!: number;
}
