import type { AgentReportRowResponse, ReportSummaryResponse } from '@hd/shared/domain';

/** A CSV cell: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/** The characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** What RFC 4180 says must be quoted: a comma, a double quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell as RFC 4180 text. Text that a spreadsheet would run as a formula (starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP's CSV injection guidance
 * advises; then a cell holding a comma, a quote or a line break is quoted, its quotes doubled.
 * Numbers are written as they are (they are the report's own figures, not user input); null and
 * undefined are empty cells.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document (RFC 4180): the header row, then one record per row, each line ended by CRLF and
 * each record as wide as the header (missing cells are empty). The caller sends it as
 * `text/csv; charset=utf-8`.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const width = (row: readonly CsvCell[]): CsvCell[] =>
    Array.from({ length: header.length }, (_, i) => row[i]);
  return [header, ...rows].map((row) => `${width(row).map(csvCell).join(',')}\r\n`).join('');
}

/** The columns of the summary's CSV: one row per bucket, then a `total` row with the period's figures. */
export const SUMMARY_CSV_HEADER = [
  'period',
  'start',
  'end',
  'created',
  'resolved',
  'closed',
  'backlog',
  'reopened',
  'first_response_median_minutes',
  'first_response_p90_minutes',
  'resolution_median_minutes',
  'resolution_p90_minutes',
  'first_response_sla_met',
  'resolution_sla_met',
] as const;

/**
 * The summary as CSV: a row per bucket (`period` is the interval: `day`, `week` or `month`; the
 * columns after `backlog` left empty), then one `total` row for the whole period with the totals,
 * the percentiles (minutes) and the SLA shares (0 to 1). Instants are ISO 8601 UTC.
 */
export function summaryCsv(summary: ReportSummaryResponse): string {
  return toCsv(SUMMARY_CSV_HEADER, [
    ...summary.buckets.map((b) => [
      summary.interval,
      b.start,
      b.end,
      b.created,
      b.resolved,
      b.closed,
      b.backlog,
    ]),
    [
      'total',
      summary.from,
      summary.to,
      summary.totals.created,
      summary.totals.resolved,
      summary.buckets.reduce((sum, b) => sum + b.closed, 0),
      summary.totals.backlog,
      summary.totals.reopened,
      summary.firstResponse.median,
      summary.firstResponse.p90,
      summary.resolution.median,
      summary.resolution.p90,
      summary.sla.firstResponseMet,
      summary.sla.resolutionMet,
    ],
  ]);
}

/** The columns of the agents' CSV, one row per member of staff. */
export const AGENTS_CSV_HEADER = [
  'agent_id',
  'agent_name',
  'assigned',
  'resolved',
  'reopened',
  'first_response_median_minutes',
  'resolution_median_minutes',
  'sla_met',
] as const;

/** The agents' report as CSV, one row per member of staff (durations in minutes, the SLA share 0 to 1). */
export function agentsCsv(rows: readonly AgentReportRowResponse[]): string {
  return toCsv(
    AGENTS_CSV_HEADER,
    rows.map((row) => [
      row.agent.id,
      row.agent.name,
      row.assigned,
      row.resolved,
      row.reopened,
      row.firstResponse.median,
      row.resolution.median,
      row.slaMet,
    ]),
  );
}
