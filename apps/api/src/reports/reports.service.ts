import { ForbiddenException, Injectable } from '@nestjs/common';
// The function's own module: the whole compat layer takes about 0.15 s to load.
import sortedIndex from 'es-toolkit/compat/sortedIndex';

import {
  Action,
  AgentReportRowResponse,
  can,
  ErrorCode,
  fullName,
  ReportSummaryResponse,
  rolesAllowedTo,
  TICKET_PRIORITIES,
} from '@hd/shared/domain';
import { ReportRangeQueryDto, ReportSummaryQueryDto } from '@hd/shared/dto';

import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { SettingsService } from '../settings/settings.service';
import { DurationKind, ReportFilter, ReportQueries, SlaCounts } from './report-queries';
import { agentsCsv, summaryCsv } from './report-csv';
import { localDate, ReportBucket, ReportRange, reportRange } from './report-range';

/** A report as a CSV file: its name for `Content-Disposition` and its text. */
export interface CsvFile {
  /** e.g. `helpdesk-summary-2026-11-01-to-2026-11-30.csv` (the period's days in the report's time zone). */
  filename: string;
  /** RFC 4180 text, see `toCsv`. */
  body: string;
}

/** `helpdesk-<report>-<first day>-to-<last day>.csv`. */
function csvName(report: string, range: Pick<ReportRange, 'from' | 'to' | 'timeZone'>): string {
  const last = new Date(range.to.getTime() - 1);
  return `helpdesk-${report}-${localDate(range.from, range.timeZone)}-to-${localDate(last, range.timeZone)}.csv`;
}

/**
 * How many times a report is computed at most when recounts of `report_day_counts` keep
 * overtaking it (one per admin's change of time zone: a third in a row is not to be expected).
 */
const REPORT_ATTEMPTS = 3;

/** Minutes are given to the hundredth, shares to four decimals. */
const round = (value: number | null, decimals: number): number | null =>
  value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals;
const minutes = (value: number | null): number | null => round(value, 2);

/** met / (met + missed), or null with nothing settled. */
function share(counts: readonly SlaCounts[]): number | null {
  const met = counts.reduce((sum, c) => sum + c.met, 0);
  const settled = counts.reduce((sum, c) => sum + c.met + c.missed, 0);
  return settled ? round(met / settled, 4) : null;
}

/** The sum of a per-assignee map's values. */
function sumOf(map: ReadonlyMap<unknown, SlaCounts>): SlaCounts {
  let met = 0;
  let missed = 0;
  for (const counts of map.values()) {
    met += counts.met;
    missed += counts.missed;
  }
  return { met, missed };
}

/** The instants as ms numbers, in ascending order. */
function sortedTimes(dates: readonly Date[]): number[] {
  return dates.map((date) => date.getTime()).sort((a, b) => a - b);
}

/** How many of the ascending ms numbers `times` fall in `[bucket.start, bucket.end)` (binary searches). */
function countWithin(times: readonly number[], bucket: ReportBucket): number {
  return sortedIndex(times, bucket.end.getTime()) - sortedIndex(times, bucket.start.getTime());
}

/**
 * Reports over a period (`GET /api/reports/summary`, `GET /api/reports/agents`), computed in SQL by
 * {@link ReportQueries}. Days, ISO weeks and months follow the business hours' time zone when
 * business hours are on, UTC otherwise. Who sees what is the permission table's: `ViewReports`
 * (staff) for one's own figures, `ViewTeamReports` (admins) for everyone's.
 *
 * Figures are by what happened in the period: tickets created, resolved (their latest resolution)
 * and closed in it, first responses and resolutions made in it (their durations from creation, in
 * minutes: business minutes when business hours were on when they happened), SLA targets settled in it, reopenings in it; filters and the per-agent
 * split follow the tickets' current category, priority and assignee.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly queries: ReportQueries,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The summary: per bucket, tickets created, resolved and closed and the backlog at its end;
   * totals; the median and 90th percentile of the minutes to first response and to resolution;
   * the shares of SLA targets met. An agent gets the figures of the tickets assigned to them.
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for customers (the route's guard), and for an
   *   agent naming another member of staff in `assigneeId`
   * @throws BadRequestException 400 `VALIDATION_FAILED` for a period ending before it starts or
   *   making more than `MAX_REPORT_BUCKETS` buckets
   */
  async summary(query: ReportSummaryQueryDto, user: AuthUser): Promise<ReportSummaryResponse> {
    const filter: ReportFilter = {
      category: query.category,
      priorityRank: query.priority ? TICKET_PRIORITIES.indexOf(query.priority) : undefined,
      assigneeId: this.assigneeScope(user, query.assigneeId),
    };
    const range = reportRange(query, await this.timeZone());
    return this.withDayCounts(filter, (pinned) => this.summaryOf(range, pinned));
  }

  /** {@link summary} over `range`, with `filter`'s day counting pinned. */
  private async summaryOf(range: ReportRange, filter: ReportFilter): Promise<ReportSummaryResponse> {
    const now = this.clock.now();
    const [
      buckets,
      backlogFromColumns,
      spells,
      reopened,
      firstResponse,
      resolution,
      firstResponseSla,
      resolutionSla,
    ] = await Promise.all([
      this.queries.buckets(range.buckets, filter),
      // Anchored at the end (reports mostly end today: the tickets resolved since are few).
      this.queries.backlogAt(range.to, filter),
      this.queries.reopenedSpells(range.from, range.to, filter),
      this.queries.reopened(range.from, range.to, filter),
      this.queries.percentiles('firstResponse', range.from, range.to, filter),
      this.queries.percentiles('resolution', range.from, range.to, filter),
      this.queries.sla('firstResponse', range.from, range.to, now, filter),
      this.queries.sla('resolution', range.from, range.to, now, filter),
    ]);
    // A ticket resolved before the end and reopened after it was not in the backlog at the end.
    const backlogAtEnd =
      backlogFromColumns - spells.filter((s) => s.leftAt < range.to && s.reopenedAt >= range.to).length;
    // Walked back from the end: each bucket's backlog is the next one's, less what came in during
    // the next bucket (created, or reopened), plus what left it (for good, or until a reopening).
    // The spells' ends in order, each bucket's share found by two binary searches (a year by day
    // has thousands of spells and 365 buckets).
    const leftAt = sortedTimes(spells.map((s) => s.leftAt));
    const reopenedAt = sortedTimes(spells.map((s) => s.reopenedAt));
    const backlogs: number[] = [];
    for (let i = buckets.length - 1, backlog = backlogAtEnd; i >= 0; i--) {
      backlogs[i] = backlog;
      const bucket = range.buckets[i];
      const left = buckets[i].done + countWithin(leftAt, bucket);
      const came = buckets[i].created + countWithin(reopenedAt, bucket);
      backlog += left - came;
    }
    const rows = range.buckets.map((bucket, i) => ({
      start: bucket.start.toISOString(),
      end: bucket.end.toISOString(),
      created: buckets[i].created,
      resolved: buckets[i].resolved,
      closed: buckets[i].closed,
      backlog: backlogs[i],
    }));
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      timeZone: range.timeZone,
      interval: range.interval,
      buckets: rows,
      totals: {
        created: rows.reduce((sum, row) => sum + row.created, 0),
        resolved: rows.reduce((sum, row) => sum + row.resolved, 0),
        backlog: backlogAtEnd,
        reopened: [...reopened.values()].reduce((sum, n) => sum + n, 0),
      },
      firstResponse: { median: minutes(firstResponse.median), p90: minutes(firstResponse.p90) },
      resolution: { median: minutes(resolution.median), p90: minutes(resolution.p90) },
      sla: {
        firstResponseMet: share([sumOf(firstResponseSla)]),
        resolutionMet: share([sumOf(resolutionSla)]),
      },
    };
  }

  /**
   * One row per member of staff (active agents and admins, and former ones with figures in the
   * period), by name: tickets created in the period and now assigned to them, resolved, reopened,
   * the median minutes to first response and to resolution, the share of SLA targets met. An agent
   * gets only their own row.
   * @throws BadRequestException 400 `VALIDATION_FAILED` as {@link summary}
   */
  async agents(query: ReportRangeQueryDto, user: AuthUser): Promise<AgentReportRowResponse[]> {
    const own = this.assigneeScope(user);
    const range = reportRange(query, await this.timeZone());
    return this.withDayCounts({ assigneeId: own }, (filter) => this.agentsOf(range, filter, own));
  }

  /** {@link agents} over `range`, with `filter`'s day counting pinned; `own`: an agent's own row only. */
  private async agentsOf(
    range: ReportRange,
    filter: ReportFilter,
    own: number | undefined,
  ): Promise<AgentReportRowResponse[]> {
    const { from, to } = range;
    const now = this.clock.now();
    const median = (kind: DurationKind): Promise<Map<number, number>> =>
      this.queries.mediansByAssignee(kind, from, to, filter);
    const [assigned, resolved, reopened, firstResponse, resolution, firstResponseSla, resolutionSla] =
      await Promise.all([
        this.queries.countByAssignee('created_at', from, to, filter),
        this.queries.countByAssignee('resolved_at', from, to, filter),
        this.queries.reopened(from, to, filter, true),
        median('firstResponse'),
        median('resolution'),
        this.queries.sla('firstResponse', from, to, now, filter, true),
        this.queries.sla('resolution', from, to, now, filter, true),
      ]);
    const withFigures = new Set<number>();
    for (const map of [assigned, resolved, reopened, firstResponseSla, resolutionSla])
      for (const id of map.keys()) if (id !== null) withFigures.add(id);
    const staff =
      own === undefined
        ? await this.queries.staff(rolesAllowedTo(Action.BeAssigned), [...withFigures])
        : await this.queries.staff([], [own]);
    const none: SlaCounts = { met: 0, missed: 0 };
    return staff.map((member) => ({
      agent: { id: member.id, name: fullName(member.firstName, member.lastName) },
      assigned: assigned.get(member.id) ?? 0,
      resolved: resolved.get(member.id) ?? 0,
      reopened: reopened.get(member.id) ?? 0,
      firstResponse: { median: minutes(firstResponse.get(member.id) ?? null) },
      resolution: { median: minutes(resolution.get(member.id) ?? null) },
      slaMet: share([firstResponseSla.get(member.id) ?? none, resolutionSla.get(member.id) ?? none]),
    }));
  }

  /** {@link summary} as a CSV file (see `summaryCsv`). */
  async summaryCsv(query: ReportSummaryQueryDto, user: AuthUser): Promise<CsvFile> {
    const summary = await this.summary(query, user);
    const range = { from: new Date(summary.from), to: new Date(summary.to), timeZone: summary.timeZone };
    return { filename: csvName('summary', range), body: summaryCsv(summary) };
  }

  /** {@link agents} as a CSV file (see `agentsCsv`). */
  async agentsCsv(query: ReportRangeQueryDto, user: AuthUser): Promise<CsvFile> {
    const range = reportRange(query, await this.timeZone());
    return { filename: csvName('agents', range), body: agentsCsv(await this.agents(query, user)) };
  }

  /**
   * The assignee whose tickets `user` may report on: anyone's (`requested`, or all when absent) with
   * `ViewTeamReports`, otherwise their own.
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` when someone without it asks for another's
   */
  private assigneeScope(user: AuthUser, requested?: number): number | undefined {
    if (can(user.role, Action.ViewTeamReports)) return requested;
    if (requested !== undefined && requested !== user.id) {
      throw new ForbiddenException({
        message: 'Agents see their own figures only; leave out assigneeId or give your own id',
        code: ErrorCode.RoleForbidden,
      });
    }
    return user.id;
  }

  /**
   * Runs `report` with the days `report_day_counts` counts by pinned in its filter, read before it;
   * when they are read differently after it (a recount for another time zone committed meanwhile,
   * so that some statements read the table counted for other days), runs it again, up to
   * {@link REPORT_ATTEMPTS} times in all.
   */
  private async withDayCounts<T>(
    filter: ReportFilter,
    report: (filter: ReportFilter) => Promise<T>,
  ): Promise<T> {
    let before = await this.queries.dayCounts();
    for (let attempt = 1; ; attempt++) {
      const result = await report({ ...filter, dayShiftMinutes: before.shiftMinutes });
      const after = await this.queries.dayCounts();
      if (after.version === before.version || attempt === REPORT_ATTEMPTS) return result;
      before = after;
    }
  }

  /** The report's time zone: the business hours' when they are on, UTC otherwise. */
  private async timeZone(): Promise<string> {
    const { businessHours } = await this.settings.get();
    return businessHours.enabled ? businessHours.timeZone : 'UTC';
  }
}
