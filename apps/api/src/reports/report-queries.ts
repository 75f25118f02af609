import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable } from '@nestjs/common';
import pLimit from 'p-limit';

import { Role, TICKET_STATUSES, TicketHistoryType, TicketStatus } from '@hd/shared/domain';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REPORT_DAY_KINDS } from './report-day-counts.sql';
import { REPORT_DAYS_SETTING, ReportDaysSetting } from './report-day-counts.service';
import { ReportBucket } from './report-range';

/** Which tickets a report counts, by their current values; deleted tickets never count. */
export interface ReportFilter {
  category?: string;
  /** The priority's rank (its index in `TICKET_PRIORITIES`, as stored). */
  priorityRank?: number;
  /** Only tickets now assigned to this user. */
  assigneeId?: number;
  /**
   * The UTC offset, in minutes, whose days `report_day_counts` counts by, as read once at the start
   * of the report ({@link ReportQueries.dayCounts}; the caller makes sure no recount committed
   * before its last statement); read by each statement's caller when not given.
   */
  dayShiftMinutes?: number;
}

/** Which days `report_day_counts` counts by now (the `reportDays` settings row). */
export interface DayCounting {
  /** The UTC offset of the days, in minutes (0: UTC days, the migration's). */
  shiftMinutes: number;
  /** The row as stored (changes with every recount); empty without one. */
  version: string;
}

/** The counts of one bucket, before the backlog is run through them. */
export interface BucketCounts {
  created: number;
  resolved: number;
  closed: number;
  /**
   * Tickets that left the backlog in the bucket. A ticket left it, by its columns, at its latest
   * resolution while it is resolved or closed (or, closed without ever being resolved, at its
   * closing); it is in the backlog otherwise. A ticket reopened and then closed without a new
   * resolution counts from its earlier resolution.
   */
  done: number;
}

/**
 * A spell out of the backlog that a reopening ended: the ticket was resolved (or closed) at
 * `leftAt` and reopened at `reopenedAt`. The tickets' columns keep only the latest resolution, so
 * the backlog counted from them alone has each ticket in it from creation to its final resolution;
 * these spells are the time it was not.
 */
export interface ReopenedSpell {
  leftAt: Date;
  reopenedAt: Date;
}

/** A distribution of durations in minutes; nulls when nothing was measured. */
export interface Percentiles {
  median: number | null;
  p90: number | null;
}

/** SLA targets settled in a period: met in time, or missed (counted when they fell due). */
export interface SlaCounts {
  met: number;
  missed: number;
}

/** The two durations reports measure: creation to first response, creation to (latest) resolution. */
export type DurationKind = 'firstResponse' | 'resolution';

/** A member of staff as reports list them. */
export interface StaffRow {
  id: number;
  firstName: string;
  lastName: string;
  active: boolean;
}

/** A piece of SQL with its `?` parameters. */
interface Sql {
  sql: string;
  params: unknown[];
}

const DONE = `'${TicketStatus.Resolved}', '${TicketStatus.Closed}'`;
/** The other statuses, listed (an `in` list lets the planner take the status-led indexes). */
const NOT_DONE = TICKET_STATUSES.filter((s) => s !== TicketStatus.Resolved && s !== TicketStatus.Closed)
  .map((s) => `'${s}'`)
  .join(', ');

/**
 * The end (column), due time (column) and duration (column, minutes: business minutes when business
 * hours were on, see `Ticket.firstResponseMinutes`) of each SLA target and duration.
 */
const TARGETS: Record<DurationKind, { at: string; dueAt: string; minutes: string; minutesIndex: string }> = {
  firstResponse: {
    at: 't.first_response_at',
    dueAt: 't.first_response_due_at',
    minutes: 't.first_response_minutes',
    minutesIndex: 'tickets_report_first_response_minutes_index',
  },
  resolution: {
    at: 't.resolved_at',
    dueAt: 't.resolution_due_at',
    minutes: 't.resolution_minutes',
    minutesIndex: 'tickets_report_resolution_minutes_index',
  },
};

/** One day in ms. */
const DAY_MS = 86_400_000;

/**
 * The figures `report_day_counts` keeps per report day (`REPORT_DAY_KINDS`, which the table's
 * triggers count by), by name, each as counted from the tickets `t` for the part days at a
 * period's ends: the instant column it counts by and the condition a live ticket meets to count.
 */
const DAY_KINDS = Object.fromEntries(
  REPORT_DAY_KINDS.map(({ kind, at, when }) => [
    kind,
    { column: `t.${at}`, condition: `(${when.replaceAll('$', 't')})` },
  ]),
) as Record<(typeof REPORT_DAY_KINDS)[number]['kind'], { column: string; condition: string }>;

/** A figure of {@link DAY_KINDS}. */
type DayKind = keyof typeof DAY_KINDS;

/** The figures of a summary's buckets (see {@link ReportQueries.buckets}). */
const BUCKET_KINDS = ['created', 'resolved', 'reopened', 'closed', 'closed_unresolved'] as const;
type BucketKind = (typeof BUCKET_KINDS)[number];

/** The figure that counts the durations of each kind measured (a percentile's `n`). */
const MEASURED: Record<DurationKind, DayKind> = {
  firstResponse: 'first_response_measured',
  resolution: 'resolution_measured',
};

/** Tickets of `[from, to)` counted one by one, added (`sign` 1) or taken away (-1). */
export interface PartDay {
  from: Date;
  to: Date;
  sign: 1 | -1;
}

/**
 * `[from, to)` split for `report_day_counts`, whose days start at UTC midnight less `shiftMs` (see
 * `ReportDayCountsService`: the offset of the report's time zone, local time = UTC + `shiftMs`):
 * the whole report days from the day start nearest `from` to the one nearest `to` (`days`, ms of
 * their starts, end excluded; null when there are none), and the part days that make up the
 * difference at each end, whose tickets are counted one by one (`parts`: added when the period
 * reaches past the whole days, taken away when the whole days reach past the period). A period
 * that starts and ends at day starts has no parts; a day of a time zone whose offset is an hour
 * from `shiftMs` (summer time) has an hour at each end. When the parts would be longer than the
 * period itself (a period shorter than a day, say), the period is one part, counted directly.
 */
export function splitDays(
  from: Date,
  to: Date,
  shiftMs = 0,
): { days: [number, number] | null; parts: PartDay[] } {
  if (from >= to) return { days: null, parts: [] };
  const nearest = (date: Date): number => Math.round((date.getTime() + shiftMs) / DAY_MS) * DAY_MS - shiftMs;
  const [first, end] = [nearest(from), nearest(to)];
  const parts: PartDay[] = [];
  if (from.getTime() < first) parts.push({ from, to: new Date(first), sign: 1 });
  if (from.getTime() > first) parts.push({ from: new Date(first), to: from, sign: -1 });
  if (to.getTime() > end) parts.push({ from: new Date(end), to, sign: 1 });
  if (to.getTime() < end) parts.push({ from: to, to: new Date(end), sign: -1 });
  const partsLength = parts.reduce((sum, part) => sum + part.to.getTime() - part.from.getTime(), 0);
  if (first >= end || partsLength >= to.getTime() - from.getTime()) {
    return { days: null, parts: [{ from, to, sign: 1 }] };
  }
  return { days: [first, end], parts };
}

/**
 * From how many durations a percentile is read by walking the durations' own index in order (see
 * {@link ReportQueries.percentiles}) rather than by sorting the period's durations (SQLite) or
 * PostgreSQL's `percentile_cont` (which sorts too): the walk passes every live ticket's duration
 * on the way to the rank, the period's or not (about 100 to 170 ms for a median at a million
 * tickets whatever the period), so it pays only for long periods; sorting a few thousand
 * durations takes a millisecond.
 */
export const ORDERED_PERCENTILES_FROM = 20_000;

/**
 * Up to how many assignees the agents report walks the durations' index once per assignee for
 * their medians (each walk passes about half of every live ticket's durations), rather than
 * numbering all the period's durations in (assignee, duration) order once.
 */
export const ORDERED_MEDIANS_UP_TO_ASSIGNEES = 12;

/**
 * How many report statements run at once in this process, whatever the number of reports asked
 * for: a year of a million tickets keeps a statement busy for a second or more, and the read
 * connections (4 by default) must stay free for the queue and the tickets; the others wait here,
 * not for a connection (which would time out as a 503).
 */
export const REPORT_STATEMENTS_AT_ONCE = 2;

/** The percentiles reports give, as fractions. */
const MEDIAN = 0.5;
const P90 = 0.9;

/**
 * The SQL behind `GET /api/reports/*`, on SQLite and PostgreSQL alike. Counts add up the rows of
 * `report_day_counts` for the whole report days of a period and count the tickets of the part days at
 * its ends over covering index ranges (migration `report_indexes`); percentiles walk the durations'
 * own index to the rank for long periods and sort the period's durations for short ones, reading
 * the two rows around each rank (linear interpolation, as PostgreSQL's `percentile_cont`). No
 * ticket is ever loaded: each statement returns counts or a handful of durations. Statements run
 * on read connections, {@link REPORT_STATEMENTS_AT_ONCE} at a time.
 *
 * Durations are the minutes kept on each ticket when its first response or resolution happened
 * (business minutes when business hours were on). Dates are ms numbers on SQLite and `timestamptz`
 * on PostgreSQL.
 */
@Injectable()
export class ReportQueries {
  /** The queue of report statements (see {@link REPORT_STATEMENTS_AT_ONCE}). */
  private readonly statements = pLimit(REPORT_STATEMENTS_AT_ONCE);
  /** {@link ORDERED_PERCENTILES_FROM}; tests lower it to check both ways on a small fixture. */
  orderedPercentilesFrom = ORDERED_PERCENTILES_FROM;
  /**
   * False counts every figure from the tickets, as if no period had a whole report day: tests compare
   * both ways on a fixture.
   */
  useDayCounts = true;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get sqlite(): boolean {
    return this.config.dialect === 'sqlite';
  }

  /** An instant as the database compares it. */
  private at(date: Date): number | Date {
    return this.sqlite ? date.getTime() : date;
  }

  /**
   * The conditions of `filter` over `alias`, tickets `t` or `report_day_counts` `d` (the columns
   * have the same names), each after an `and`.
   */
  private filtered(filter: ReportFilter, alias: 't' | 'd'): Sql {
    const sql: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['category', filter.category],
      ['priority', filter.priorityRank],
      ['assignee_id', filter.assigneeId],
    ] as const) {
      if (value === undefined) continue;
      sql.push(` and ${alias}.${column} = ?`);
      params.push(value);
    }
    return { sql: sql.join(''), params };
  }

  /** The `where` of `filter` over tickets `t`, soft-deleted tickets left out. */
  private where(filter: ReportFilter): Sql {
    const { sql, params } = this.filtered(filter, 't');
    return { sql: `t.deleted_at is null${sql}`, params };
  }

  /** The conditions of `filter` over `report_day_counts` `d`, each after an `and`. */
  private dayWhere(filter: ReportFilter): Sql {
    return this.filtered(filter, 'd');
  }

  /**
   * {@link splitDays} for `periods` at the days `report_day_counts` counts by (`filter`'s
   * `dayShiftMinutes`, or as stored now), or with {@link useDayCounts} off each whole period as one
   * part.
   */
  private async split(
    filter: ReportFilter,
    ...periods: ReadonlyArray<readonly [Date, Date]>
  ): Promise<Array<ReturnType<typeof splitDays>>> {
    if (!this.useDayCounts)
      return periods.map(([from, to]) => ({ days: null, parts: from < to ? [{ from, to, sign: 1 }] : [] }));
    const shiftMs = (filter.dayShiftMinutes ?? (await this.dayCounts()).shiftMinutes) * 60_000;
    return periods.map(([from, to]) => splitDays(from, to, shiftMs));
  }

  /**
   * Which days `report_day_counts` counts by now: UTC days until `ReportDayCountsService` first
   * counts them for a time zone. A report reads it before its statements and after them: a
   * different `version` means a recount committed in between.
   */
  async dayCounts(): Promise<DayCounting> {
    const [row] = await this.all<{ value: string }>('select value from settings where key = ?', [
      REPORT_DAYS_SETTING,
    ]);
    if (!row) return { shiftMinutes: 0, version: '' };
    return { shiftMinutes: (JSON.parse(row.value) as ReportDaysSetting).shiftMinutes, version: row.value };
  }

  /**
   * Per bucket, in order: tickets created, resolved (latest resolution), closed, and gone from the
   * backlog (see {@link BucketCounts.done}) within it. Each figure of a bucket is the day counts of its whole
   * report days (read once for all the buckets: a correlated sum per bucket cost PostgreSQL 300 ms
   * for a year by day), plus the tickets of the part days at its ends counted over an index range
   * each (none when the buckets start and end where report days do: always in UTC; in another time
   * zone, except an hour at each end of a bucket while its daylight-saving offset differs from the
   * one the days are counted by). Leaving the backlog is counted as the resolutions, less those reopened since (few),
   * plus the closings without a resolution.
   */
  async buckets(buckets: readonly ReportBucket[], filter: ReportFilter): Promise<BucketCounts[]> {
    const parts = await this.split(filter, ...buckets.map((bucket) => [bucket.start, bucket.end] as const));
    const { perDay, partDays } = await this.bucketCounts(parts, filter);
    return parts.map(({ days }, i) => {
      const n = (kind: BucketKind): number => {
        let total = partDays.get(`${kind}:${i}`) ?? 0;
        if (days)
          for (let day = days[0]; day < days[1]; day += DAY_MS) total += perDay.get(`${kind}:${day}`) ?? 0;
        return total;
      };
      return {
        created: n('created'),
        resolved: n('resolved'),
        closed: n('closed'),
        done: n('resolved') - n('reopened') + n('closed_unresolved'),
      };
    });
  }

  /**
   * For the {@link BUCKET_KINDS}, in one statement (one snapshot: part days taken away from whole
   * days must see the same tickets): the day counts over every whole report day of `parts`, by
   * `kind:day` (a year: a few hundred rows per figure), and each part's part days counted from the
   * tickets over an index range each, signed, by `kind:index`.
   */
  private async bucketCounts(
    parts: ReadonlyArray<ReturnType<typeof splitDays>>,
    filter: ReportFilter,
  ): Promise<{ perDay: Map<string, number>; partDays: Map<string, number> }> {
    const selects: Sql[] = [];
    const kinds = BUCKET_KINDS.map((kind) => `'${kind}'`).join(', ');
    const ranges = parts.flatMap(({ days }) => (days ? [days] : []));
    if (ranges.length) {
      const [first, end] = [Math.min(...ranges.map(([a]) => a)), Math.max(...ranges.map(([, b]) => b))];
      const dims = this.dayWhere(filter);
      selects.push({
        sql: `select 'd' as src, d.kind as kind, d.day as k, sum(d.count) as n from report_day_counts d
          where d.kind in (${kinds}) and d.day >= ? and d.day < ?${dims.sql} group by d.kind, d.day`,
        params: [first, end, ...dims.params],
      });
    }
    const edged = parts.flatMap(({ parts: partDays }, i) => (partDays.length ? [{ i, partDays }] : []));
    const params: unknown[] = [];
    let values = '';
    if (edged.length) {
      const stamp = this.sqlite ? '?' : 'cast(? as timestamptz)';
      // Per bucket: its (at most two) part days [s1, e1) and [s2, e2) with their signs g1 and g2, an
      // empty range where it has no second one.
      values = edged
        .map(({ i, partDays }) => {
          const none: PartDay = { from: partDays[0].from, to: partDays[0].from, sign: 1 };
          const [one, two] = [partDays[0], partDays[1] ?? none];
          params.push(this.at(one.from), this.at(one.to), this.at(two.from), this.at(two.to));
          return `(${i}, ${stamp}, ${stamp}, ${one.sign}, ${stamp}, ${stamp}, ${two.sign})`;
        })
        .join(', ');
      const where = this.where(filter);
      for (const kind of BUCKET_KINDS) {
        const { column, condition } = DAY_KINDS[kind];
        const direct = (s: string, e: string): string =>
          `(select count(*) from tickets t where ${where.sql} and ${condition} and ${column} >= b.${s} and ${column} < b.${e})`;
        selects.push({
          sql: `select 'p' as src, '${kind}' as kind, b.i as k, b.g1 * ${direct('s1', 'e1')} + b.g2 * ${direct('s2', 'e2')} as n from b`,
          params: [...where.params, ...where.params],
        });
      }
    }
    const perDay = new Map<string, number>();
    const partDays = new Map<string, number>();
    if (!selects.length) return { perDay, partDays };
    const rows = await this.all<{ src: 'd' | 'p'; kind: BucketKind; k: number | string; n: number | string }>(
      `${edged.length ? `with b(i, s1, e1, g1, s2, e2, g2) as (values ${values}) ` : ''}${selects.map((select) => select.sql).join(' union all ')}`,
      [...params, ...selects.flatMap((select) => select.params)],
    );
    for (const row of rows)
      (row.src === 'd' ? perDay : partDays).set(`${row.kind}:${Number(row.k)}`, Number(row.n));
    return { perDay, partDays };
  }

  /**
   * How many tickets count under `kind` in `[from, to)`: per current assignee (null: unassigned)
   * with `byAssignee`, otherwise one total under the key null; keys with none may be absent. The
   * whole report days from `report_day_counts`, the part days at the ends counted from the tickets,
   * in one statement.
   */
  private async counted(
    kind: DayKind,
    from: Date,
    to: Date,
    filter: ReportFilter,
    byAssignee = false,
  ): Promise<Map<number | null, number>> {
    const [{ days, parts: partDays }] = await this.split(filter, [from, to]);
    const parts: Sql[] = [];
    if (days) {
      const dims = this.dayWhere(filter);
      parts.push({
        sql: `select ${byAssignee ? 'd.assignee_id' : '0'} as a, d.count as n from report_day_counts d
          where d.kind = '${kind}' and d.day >= ? and d.day < ?${dims.sql}`,
        params: [days[0], days[1], ...dims.params],
      });
    }
    const where = this.where(filter);
    const { column, condition } = DAY_KINDS[kind];
    for (const part of partDays) {
      parts.push({
        sql: `select ${byAssignee ? 'coalesce(t.assignee_id, 0)' : '0'} as a, ${part.sign} as n from tickets t
          where ${where.sql} and ${condition} and ${column} >= ? and ${column} < ?`,
        params: [...where.params, this.at(part.from), this.at(part.to)],
      });
    }
    if (!parts.length) return new Map();
    const rows = await this.all<{ a: number | string; n: number | string }>(
      `select a, sum(n) as n from (${parts.map((part) => part.sql).join(' union all ')}) c group by a`,
      parts.flatMap((part) => part.params),
    );
    return new Map(
      rows
        .filter((row) => Number(row.n) !== 0)
        .map((row) => [Number(row.a) === 0 ? null : Number(row.a), Number(row.n)]),
    );
  }

  /**
   * The backlog at `instant`: tickets created before it and not resolved or closed by then
   * (see {@link BucketCounts.done}): those still in the backlog, and those that left it since.
   */
  async backlogAt(instant: Date, filter: ReportFilter): Promise<number> {
    const where = this.where(filter);
    const at = this.at(instant);
    const parts: Sql[] = [
      { sql: `t.status in (${NOT_DONE}) and t.created_at < ?`, params: [at] },
      { sql: `t.status in (${DONE}) and t.resolved_at >= ? and t.created_at < ?`, params: [at, at] },
      {
        sql: `t.status = '${TicketStatus.Closed}' and t.resolved_at is null and t.closed_at >= ? and t.created_at < ?`,
        params: [at, at],
      },
    ];
    const [row] = await this.all<{ backlog: number | string }>(
      `select ${parts.map((p) => `(select count(*) from tickets t where ${where.sql} and ${p.sql})`).join(' + ')} as backlog`,
      parts.flatMap((p) => [...where.params, ...p.params]),
    );
    return Number(row?.backlog ?? 0);
  }

  /**
   * The {@link ReopenedSpell}s that overlap `[from, to]`: every reopening (history `status_changed`
   * to `reopened`) at or after `from`, with the latest move before it from an open status to
   * `resolved` or `closed` (a resolved ticket's closing is not a second leaving), kept when that
   * move came before `to`. Read from the partial index of reopenings (few), each with one range of
   * its ticket's history on (`ticket_id`, `at`). Reopenings whose leaving is not in the history
   * (tickets older than it) are left out.
   */
  async reopenedSpells(from: Date, to: Date, filter: ReportFilter): Promise<ReopenedSpell[]> {
    const where = this.where(filter);
    const done = `'${TicketStatus.Resolved}', '${TicketStatus.Closed}'`;
    // Both as ms since the epoch: PostgreSQL's timestamps reach here as text.
    const ms = (instant: string): string =>
      this.sqlite ? instant : `cast(extract(epoch from ${instant}) * 1000 as double precision)`;
    const rows = await this.all<{ left_at: number | string | null; reopened_at: number | string }>(
      `select ${ms(`(select max(d.at) from ticket_history d where d.ticket_id = h.ticket_id
           and d.type = '${TicketHistoryType.StatusChanged}' and d.to_value in (${done})
           and (d.from_value is null or d.from_value not in (${done})) and d.at <= h.at)`)} as left_at,
         ${ms('h.at')} as reopened_at
       from ticket_history h cross join tickets t
       where t.id = h.ticket_id and h.type = '${TicketHistoryType.StatusChanged}' and h.to_value = '${TicketStatus.Reopened}'
       and h.at >= ? and ${where.sql}`,
      [this.at(from), ...where.params],
    );
    return rows
      .filter((row) => row.left_at !== null)
      .map((row) => ({
        leftAt: new Date(Number(row.left_at)),
        reopenedAt: new Date(Number(row.reopened_at)),
      }))
      .filter((spell) => spell.leftAt < to);
  }

  /**
   * Reopenings (history `status_changed` to `reopened`) in `[from, to)`: per current assignee (null:
   * unassigned) with `byAssignee`, otherwise one total under the key null. Read from the partial
   * index of reopenings, then their tickets (`cross join` keeps that order on SQLite).
   */
  async reopened(
    from: Date,
    to: Date,
    filter: ReportFilter,
    byAssignee = false,
  ): Promise<Map<number | null, number>> {
    const where = this.where(filter);
    const rows = await this.all<{ a: number | null; n: number | string }>(
      `select ${byAssignee ? 't.assignee_id' : 'null'} as a, count(*) as n from ticket_history h cross join tickets t
       where t.id = h.ticket_id and h.type = '${TicketHistoryType.StatusChanged}' and h.to_value = '${TicketStatus.Reopened}'
       and h.at >= ? and h.at < ? and ${where.sql}${byAssignee ? ' group by t.assignee_id' : ''}`,
      [this.at(from), this.at(to), ...where.params],
    );
    return new Map(rows.map((row) => [row.a === null ? null : Number(row.a), Number(row.n)]));
  }

  /**
   * Per assignee (unassigned tickets left out), the tickets created, or resolved (latest
   * resolution), in `[from, to)` (see {@link counted}).
   */
  async countByAssignee(
    column: 'created_at' | 'resolved_at',
    from: Date,
    to: Date,
    filter: ReportFilter,
  ): Promise<Map<number, number>> {
    const counts = await this.counted(
      column === 'created_at' ? 'created' : 'resolved',
      from,
      to,
      filter,
      true,
    );
    return assignedOnly(counts);
  }

  /** The durations ending in `[from, to)`: first responses (from creation), or latest resolutions. */
  private durations(kind: DurationKind, from: Date, to: Date, filter: ReportFilter): Sql {
    const where = this.where(filter);
    const { at: end, minutes } = TARGETS[kind];
    return {
      sql: `from tickets t where ${where.sql} and ${end} >= ? and ${end} < ? and ${minutes} is not null`,
      params: [...where.params, this.at(from), this.at(to)],
    };
  }

  /**
   * Median and 90th percentile of the `kind` durations ending in `[from, to)`, in minutes,
   * interpolated between the two nearest ranks like PostgreSQL's `percentile_cont`.
   */
  async percentiles(kind: DurationKind, from: Date, to: Date, filter: ReportFilter): Promise<Percentiles> {
    const source = this.durations(kind, from, to, filter);
    const n = (await this.counted(MEASURED[kind], from, to, filter)).get(null) ?? 0;
    if (n === 0) return { median: null, p90: null };
    const { minutes } = TARGETS[kind];
    if (!this.sqlite && n < this.orderedPercentilesFrom) {
      const [row] = await this.all<{ p50: number | string | null; p90: number | string | null }>(
        `select p[1] as p50, p[2] as p90 from (
           select percentile_cont(array[${MEDIAN}, ${P90}]::float8[]) within group (order by ${minutes}) as p
           ${source.sql}) d`,
        source.params,
      );
      return { median: numberOrNull(row?.p50), p90: numberOrNull(row?.p90) };
    }
    // The two rows around each rank (0-based, ascending): from the durations' own index, walked in
    // order and left there, for a long period (from the top for a rank past the middle: the 90th
    // percentile passes a tenth of the durations, not nine); from the period's durations sorted
    // once, for a short one (SQLite). The ranks come from the count above, a statement of its own:
    // a duration written in between moves them by at most one place, as the report's other
    // figures are each read by a statement of their own too.
    const ordered = this.orderedPercentilesFrom <= n;
    const pick = (k: number, p: number): string => {
      const rank = Math.floor((n - 1) * p);
      if (!ordered) return `select ${k} as k, v from (select v from d limit 2 offset ${rank}) w`;
      const fromTop = rank > (n - 1) / 2;
      // From the top, the rows at ascending ranks `rank + 1` and `rank` (just `rank` when it is the last).
      const [limit, offset] = fromTop ? [rank + 1 < n ? 2 : 1, Math.max(0, n - 2 - rank)] : [2, rank];
      return `select ${k} as k, v from (select ${minutes} as v ${this.byDuration(kind, source.sql, fromTop)} limit ${limit} offset ${offset}) w`;
    };
    const sorted = ordered ? '' : `with d as materialized (select ${minutes} as v ${source.sql} order by v) `;
    const rows = await this.all<{ k: number; v: number }>(
      `${sorted}${pick(1, MEDIAN)} union all ${pick(2, P90)}`,
      sorted ? source.params : [...source.params, ...source.params],
    );
    const inMinutes = rows.map((row) => ({ n, k: Number(row.k), v: Number(row.v) }));
    return {
      median: interpolate(
        inMinutes.filter((r) => r.k === 1),
        MEDIAN,
      ),
      p90: interpolate(
        inMinutes.filter((r) => r.k === 2),
        P90,
      ),
    };
  }

  /**
   * `source` (`from tickets t where ...`, live tickets only) read in the order of its `kind`
   * durations, ascending or with `descending` from the longest, through the durations' own index:
   * named to SQLite (`indexed by`); on PostgreSQL ordered by the index's leading `deleted_at`
   * too (null for every row read), which lets the planner walk the index instead of sorting.
   */
  private byDuration(kind: DurationKind, source: string, descending = false): string {
    const { minutes, minutesIndex } = TARGETS[kind];
    const direction = descending ? ' desc' : '';
    return this.sqlite
      ? `${indexedBy(source, minutesIndex)} order by ${minutes}${direction}`
      : `${source} order by t.deleted_at${direction}, ${minutes}${direction}`;
  }

  /**
   * The median of the `kind` durations ending in `[from, to)` per current assignee (unassigned
   * tickets left out), in minutes. A few assignees with many durations between them: each
   * assignee's two middle rows walked from the durations' own index in order and left there (all
   * in one statement, see {@link byDuration}). Otherwise PostgreSQL's `percentile_cont` per
   * assignee, or on SQLite every duration numbered once in (assignee, duration) order and each
   * assignee's two middle rows picked by position.
   */
  async mediansByAssignee(
    kind: DurationKind,
    from: Date,
    to: Date,
    filter: ReportFilter,
  ): Promise<Map<number, number>> {
    const source = this.durations(kind, from, to, filter);
    const assigned = `${source.sql} and t.assignee_id is not null`;
    const counts = [...assignedOnly(await this.counted(MEASURED[kind], from, to, filter, true))];
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    if (!counts.length) return new Map();
    const { minutes } = TARGETS[kind];
    let rows: Array<{ a: number; n: number; v: number | string }>;
    if (counts.length <= ORDERED_MEDIANS_UP_TO_ASSIGNEES && total >= this.orderedPercentilesFrom) {
      rows = await this.all(
        counts
          .map(
            ([a, n]) =>
              `select ${a} as a, ${n} as n, v from (select ${minutes} as v ${this.byDuration(kind, `${assigned} and t.assignee_id = ${a}`)}
                 limit 2 offset ${Math.floor((n - 1) * MEDIAN)}) w`,
          )
          .join(' union all '),
        counts.flatMap(() => source.params),
      );
    } else if (!this.sqlite) {
      const medians = await this.all<{ a: number; p50: number | string }>(
        `select t.assignee_id as a, percentile_cont(${MEDIAN}) within group (order by ${minutes}) as p50
         ${assigned} group by t.assignee_id`,
        source.params,
      );
      return new Map(medians.map((row) => [Number(row.a), Number(row.p50)]));
    } else {
      const rank = `cast((s.n - 1) * ${MEDIAN} as integer)`;
      rows = await this.all(
        `with c as materialized (select t.assignee_id as a, count(*) as n ${assigned} group by t.assignee_id),
         s as materialized (select a, n, sum(n) over (order by a) - n as before from c),
         p as (select t.assignee_id as a, ${minutes} as v,
                 row_number() over (order by t.assignee_id, ${minutes}) as rn ${assigned})
         select p.a as a, s.n as n, p.v as v from p join s on s.a = p.a
         where p.rn in (s.before + ${rank} + 1, s.before + ${rank} + 2)`,
        [...source.params, ...source.params],
      );
    }
    const byAgent = new Map<number, Array<{ n: number; v: number }>>();
    for (const row of rows) {
      const agent = Number(row.a);
      byAgent.set(agent, [...(byAgent.get(agent) ?? []), { n: Number(row.n), v: Number(row.v) }]);
    }
    const medians = new Map<number, number>();
    for (const [agent, picked] of byAgent) {
      const median = interpolate(picked, MEDIAN);
      if (median !== null) medians.set(agent, median);
    }
    return medians;
  }

  /**
   * The `kind` SLA targets settled in `[from, to)`, per current assignee (null: unassigned): met
   * (the response, or the leaving of the backlog: resolved, or closed unresolved, at or before its
   * due time, counted when it happened) and missed (counted when it fell due, if that is before
   * `now`). Tickets without a due time do not count. Without `byAssignee`, one total under the key
   * null. Each part is {@link counted}.
   */
  async sla(
    kind: DurationKind,
    from: Date,
    to: Date,
    now: Date,
    filter: ReportFilter,
    byAssignee = false,
  ): Promise<Map<number | null, SlaCounts>> {
    const until = new Date(Math.min(to.getTime(), now.getTime()));
    const metKinds: DayKind[] =
      kind === 'firstResponse' ? ['first_response_met'] : ['resolution_met', 'resolution_met_closed'];
    const missedKind: DayKind = kind === 'firstResponse' ? 'first_response_missed' : 'resolution_missed';
    const [missed, ...met] = await Promise.all([
      this.counted(missedKind, from, until, filter, byAssignee),
      ...metKinds.map((metKind) => this.counted(metKind, from, to, filter, byAssignee)),
    ]);
    const result = new Map<number | null, SlaCounts>();
    const entry = (a: number | null): SlaCounts => {
      const counts = result.get(a) ?? { met: 0, missed: 0 };
      result.set(a, counts);
      return counts;
    };
    for (const counts of met) for (const [a, n] of counts) entry(a).met += n;
    for (const [a, n] of missed) entry(a).missed += n;
    return result;
  }

  /**
   * Members of staff: every active user of `roles` (those who may be assigned tickets), and any
   * other user among `alsoIds` (former staff who still have tickets), by name.
   */
  async staff(roles: readonly Role[], alsoIds: readonly number[]): Promise<StaffRow[]> {
    const list = (values: readonly unknown[]): string => values.map(() => '?').join(', ');
    const conditions = [
      ...(roles.length ? [`(active = ? and role in (${list(roles)}))`] : []),
      ...(alsoIds.length ? [`id in (${list(alsoIds)})`] : []),
    ];
    if (!conditions.length) return [];
    const rows = await this.all<{
      id: number;
      first_name: string;
      last_name: string;
      active: number | boolean;
    }>(
      `select id, first_name, last_name, active from users where ${conditions.join(' or ')} order by first_name, last_name, id`,
      [...(roles.length ? [true, ...roles] : []), ...alsoIds],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      firstName: row.first_name,
      lastName: row.last_name,
      active: Boolean(row.active),
    }));
  }

  /**
   * The rows of one statement, on a read connection, in turn with the other report statements. On
   * SQLite its values are written into its text (as MikroORM writes them), so it is not kept
   * prepared: report statements carry ranks, ids and bucket counts in their text and run once,
   * where kept they would push out the statements the API runs again and again.
   */
  private all<T>(sql: string, params: unknown[]): Promise<T[]> {
    const [text, values] = this.sqlite ? [this.em.getPlatform().formatQuery(sql, params), []] : [sql, params];
    return this.statements(
      async () => (await this.em.getConnection('read').execute(text, values, 'all')) as T[],
    );
  }
}

/** `sql` (`... from tickets t ...`) made to read the tickets through SQLite's index `index`. */
function indexedBy(sql: string, index: string): string {
  return sql.replace('from tickets t', `from tickets t indexed by ${index}`);
}

/** A per-assignee count without its unassigned tickets (the key null). */
function assignedOnly(counts: ReadonlyMap<number | null, number>): Map<number, number> {
  const assigned = new Map<number, number>();
  for (const [a, n] of counts) if (a !== null) assigned.set(a, n);
  return assigned;
}

function numberOrNull(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * The percentile `p` of `n` sorted values from the rows at its rank and the next (`percentile_cont`:
 * the value at 0-based position `(n - 1) * p`, interpolated linearly); null when `n` is 0.
 */
function interpolate(rows: ReadonlyArray<{ n: number; v: number }>, p: number): number | null {
  if (!rows.length) return null;
  const [low, high] = rows.map((row) => Number(row.v)).sort((a, b) => a - b);
  const position = (Number(rows[0].n) - 1) * p;
  const fraction = position - Math.floor(position);
  return low + ((high ?? low) - low) * fraction;
}
