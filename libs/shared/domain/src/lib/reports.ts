/**
 * Reports (`GET /api/reports/summary` and `GET /api/reports/agents`): the query's shapes and
 * limits, shared by the API (validation) and the web app (the dashboard's date-range picker).
 */

/** The width of a summary bucket. Weeks start on Monday (ISO 8601); days and months are calendar ones. */
export enum ReportInterval {
  Day = 'day',
  Week = 'week',
  Month = 'month',
}

/** Every report interval, shortest first. */
export const REPORT_INTERVALS: readonly ReportInterval[] = Object.values(ReportInterval);

/** The formats a report is sent in: JSON (the default) or CSV (RFC 4180, UTF-8, with a header row). */
export type ReportFormat = 'json' | 'csv';

/** Every report format. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'csv'];

/**
 * Most buckets one summary may have: a leap year of days. A longer range takes a wider interval
 * (e.g. 400 days by week), otherwise the answer is a 400 `VALIDATION_FAILED`.
 */
export const MAX_REPORT_BUCKETS = 366;

/**
 * `from` and `to` of a report: an ISO 8601 calendar date (`2026-11-01`, the whole day, in the
 * report's time zone) or an ISO 8601 date-time with a zone (`2026-11-01T09:00:00Z`,
 * `2026-11-01T09:00:00+01:00`).
 */
export const REPORT_DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** `GET /api/reports/agents`: the period, both ends included when they are dates. */
export interface ReportRangeQuery {
  /** First day (or instant) of the period. @example "2026-11-01" */
  from: string;
  /** Last day of the period (included), or the instant it ends (excluded). @example "2026-11-30" */
  to: string;
  /** `csv` for a spreadsheet download; JSON otherwise. */
  format?: ReportFormat;
}

/** `GET /api/reports/summary`: the period, the bucket width and filters on the tickets' current values. */
export interface ReportSummaryQuery extends ReportRangeQuery {
  /** Bucket width; `day` when absent. */
  interval?: ReportInterval;
  /** A category slug. */
  category?: string;
  /** A priority. */
  priority?: string;
  /** Only tickets now assigned to this user (an agent always sees their own). */
  assigneeId?: number;
}

/**
 * The number of days from `from` to `to` (both `YYYY-MM-DD`, both included), counted on the
 * calendar; 0 when `to` is before `from`. For the date-range picker's hint; the API counts the
 * buckets itself, in its time zone.
 */
export function reportDays(from: string, to: string): number {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  return Number.isFinite(days) && days > 0 ? days : 0;
}
