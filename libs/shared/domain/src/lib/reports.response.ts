import { ReportInterval } from './reports';

/**
 * One bucket of the summary: what happened between `start` (included) and `end` (excluded), and
 * the backlog at `end`. Buckets follow the report's time zone (days, ISO weeks from Monday,
 * months); the first and last are cut to the period.
 */
export class ReportBucketResponse {
  /** ISO 8601 UTC. @example "2026-11-01T00:00:00.000Z" */
  start!: string;
  /** ISO 8601 UTC, excluded: the next bucket's `start`. @example "2026-11-02T00:00:00.000Z" */
  end!: string;
  /** Tickets created in the bucket. @example 12 */
  created!: number;
  /** Tickets whose latest resolution falls in the bucket. @example 9 */
  resolved!: number;
  /** Tickets closed in the bucket. @example 7 */
  closed!: number;
  /** Tickets created by `end` and not resolved or closed at `end`. @example 31 */
  backlog!: number;
}

/** The summary's totals over the whole period. */
export class ReportTotalsResponse {
  /** Tickets created in the period. @example 240 */
  created!: number;
  /** Tickets whose latest resolution falls in the period. @example 221 */
  resolved!: number;
  /** Tickets not resolved or closed at the end of the period. @example 31 */
  backlog!: number;
  /** Reopenings in the period (a ticket reopened twice counts twice). @example 4 */
  reopened!: number;
}

/**
 * A distribution of durations from a ticket's creation, in minutes: business minutes when business
 * hours were on when the first response or resolution happened, wall-clock minutes otherwise; null
 * with nothing measured.
 */
export class DurationStatsResponse {
  /** The median (50th percentile, interpolated like PostgreSQL's `percentile_cont`). @example 42.5 */
  median!: number | null;
  /** The 90th percentile, interpolated. @example 180 */
  p90!: number | null;
}

/** A median duration in minutes; null with nothing measured. */
export class MedianDurationResponse {
  /** @example 42.5 */
  median!: number | null;
}

/**
 * The share of SLA targets met, 0 to 1, null when none was settled in the period. A target is
 * settled when it is met (counted at the response or resolution) or missed (counted when it fell
 * due); one not yet met and not yet due is left out.
 */
export class ReportSlaResponse {
  /** First responses at or before their due time. @example 0.93 */
  firstResponseMet!: number | null;
  /** Resolutions at or before their due time. @example 0.88 */
  resolutionMet!: number | null;
}

/** `GET /api/reports/summary`: tickets over a period, bucketed, with response times and SLA compliance. */
export class ReportSummaryResponse {
  /** The period's first instant, ISO 8601 UTC. @example "2026-11-01T00:00:00.000Z" */
  from!: string;
  /** The instant after the period, ISO 8601 UTC (excluded). @example "2026-12-01T00:00:00.000Z" */
  to!: string;
  /** IANA time zone of the days, weeks and months (business hours' when they are on, UTC otherwise). @example "Europe/London" */
  timeZone!: string;
  interval!: ReportInterval;
  buckets!: ReportBucketResponse[];
  totals!: ReportTotalsResponse;
  /** From creation to the first public reply by staff, for first replies made in the period. */
  firstResponse!: DurationStatsResponse;
  /** From creation to the latest resolution, for resolutions in the period. */
  resolution!: DurationStatsResponse;
  sla!: ReportSlaResponse;
}

/** An agent (or admin) as a report names them. */
export class ReportAgentResponse {
  /** @example 2 */
  id!: number;
  /** @example "Alex Agent" */
  name!: string;
}

/**
 * One element of `GET /api/reports/agents` (an array, one per member of staff, by name; agents get
 * only their own): their figures over the period, by the tickets now assigned to them.
 */
export class AgentReportRowResponse {
  agent!: ReportAgentResponse;
  /** Tickets created in the period and now assigned to the agent. @example 40 */
  assigned!: number;
  /** Their tickets whose latest resolution falls in the period. @example 35 */
  resolved!: number;
  /** Reopenings of their tickets in the period. @example 1 */
  reopened!: number;
  /** Minutes to first response of their first responses in the period. */
  firstResponse!: MedianDurationResponse;
  /** Minutes to resolution of their resolutions in the period. */
  resolution!: MedianDurationResponse;
  /** Share of their tickets' SLA targets (first response and resolution) settled in the period that were met, 0 to 1; null with none. @example 0.9 */
  slaMet!: number | null;
}
