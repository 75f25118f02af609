import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsISO8601, IsOptional, IsPositive, IsString, Matches } from 'class-validator';

import {
  CATEGORY_SLUG_PATTERN,
  REPORT_DATE_PATTERN,
  REPORT_FORMATS,
  ReportFormat,
  ReportInterval,
  ReportRangeQuery,
  ReportSummaryQuery,
  TicketPriority,
} from '@hd/shared/domain';

const DATE_MESSAGE = (field: string): string =>
  `${field} must be an ISO 8601 date (2026-11-01) or date-time with a zone (2026-11-01T09:00:00Z)`;

/**
 * The query of `GET /api/reports/agents`. Whether `to` comes after `from`, and how many buckets
 * the period makes, is checked by the service (it needs the report's time zone).
 */
export class ReportRangeQueryDto implements ReportRangeQuery {
  /**
   * First day of the period (`YYYY-MM-DD`, from its midnight in the report's time zone), or an
   * instant (ISO 8601 date-time with `Z` or an offset). @example "2026-11-01"
   */
  @IsString()
  @Matches(REPORT_DATE_PATTERN, { message: DATE_MESSAGE('from') })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('from') })
  from!: string;

  /**
   * Last day of the period, included (`YYYY-MM-DD`), or the instant the period ends, excluded
   * (ISO 8601 date-time with `Z` or an offset). @example "2026-11-30"
   */
  @IsString()
  @Matches(REPORT_DATE_PATTERN, { message: DATE_MESSAGE('to') })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('to') })
  to!: string;

  /** `csv`: the report as a CSV file (RFC 4180, UTF-8, header row); JSON otherwise. @example "json" */
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

/** The query of `GET /api/reports/summary`: the period, the bucket width and filters. */
export class ReportSummaryQueryDto extends ReportRangeQueryDto implements ReportSummaryQuery {
  /** Bucket width: `day` (the default), `week` (ISO 8601, from Monday) or `month`. @example "week" */
  @IsOptional()
  @IsEnum(ReportInterval, { message: 'interval must be one of day, week, month' })
  interval?: ReportInterval;

  /** Only tickets now in this category (a slug). @example "billing" */
  @IsOptional()
  @IsString()
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'category must be a category slug such as "billing"' })
  category?: string;

  /** Only tickets now of this priority. */
  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  /**
   * Only tickets now assigned to this member of staff. Agents always get their own figures: for
   * them any other id is a 403 `ROLE_FORBIDDEN`.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  assigneeId?: number;
}
