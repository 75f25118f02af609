import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';

import {
  AFFECTED_ITEM_MAX_LENGTH,
  BODY_MAX_LENGTH,
  CATEGORY_SLUG_PATTERN,
  CONTACT_NUMBER_MAX_LENGTH,
  CURSOR_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  SLA_FILTERS,
  SlaFilter,
  SUBJECT_MAX_LENGTH,
  TICKET_SORTS,
  TicketPriority,
  TicketSort,
  TicketStatus,
} from '@hd/shared/domain';
import { PageQueryDto } from './pagination.dto';
import { IsOptionalNotNull, QueryBoolean, Trim } from './validators';
import type { CreateTicketRequest, UpdateTicketRequest } from '@hd/shared/domain';

/** Body of `POST /api/tickets`. The status is always `open`; the client cannot set it. */
export class CreateTicketDto implements CreateTicketRequest {
  /** 1 to 200 characters after trimming. @example "Cannot download my invoice" */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(SUBJECT_MAX_LENGTH)
  subject!: string;

  /** 1 to 10,000 characters after trimming. @example "The download button on the billing page does nothing." */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(BODY_MAX_LENGTH)
  description!: string;

  /** Defaults to `medium`. */
  @IsOptionalNotNull()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  /** The slug of an active category (`GET /api/categories`); defaults to `general`. Unknown or inactive: 400 `INVALID_CATEGORY`. @example "billing" */
  @IsOptionalNotNull()
  @IsString()
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'category must be a category slug such as "billing"' })
  category?: string;

  /**
   * A phone number to call back: international (`+44 20 7183 8750`) or national for the
   * server's `DEFAULT_PHONE_REGION`; stored in E.164. Not a phone number: 400 `INVALID_CONTACT_NUMBER`.
   * @example "+44 20 7183 8750"
   */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'contactNumber must not be empty' })
  @MaxLength(CONTACT_NUMBER_MAX_LENGTH)
  contactNumber?: string;

  /** The product, device or service concerned: 1 to 200 characters. @example "Invoice PDF export" */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'affectedItem must not be empty' })
  @MaxLength(AFFECTED_ITEM_MAX_LENGTH)
  affectedItem?: string;

  /** Agents and admins only: open the ticket on this customer's behalf. A customer sending it gets 403. */
  @IsOptionalNotNull()
  @IsInt()
  @IsPositive()
  customerId?: number;
}

/**
 * Body of `PATCH /api/tickets/:id`. The owning customer may change subject, description and
 * category while the ticket is not closed; agents and admins may also change the priority.
 */
export class UpdateTicketDto implements UpdateTicketRequest {
  /** 1 to 200 characters after trimming. */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(SUBJECT_MAX_LENGTH)
  subject?: string;

  /** 1 to 10,000 characters after trimming. */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @MaxLength(BODY_MAX_LENGTH)
  description?: string;

  /** The slug of an active category (a ticket may keep an inactive one it already has). */
  @IsOptionalNotNull()
  @IsString()
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'category must be a category slug such as "billing"' })
  category?: string;

  /** A phone number as on creation; null clears it. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'contactNumber must not be empty; send null to clear it' })
  @MaxLength(CONTACT_NUMBER_MAX_LENGTH)
  contactNumber?: string | null;

  /** 1 to 200 characters; null clears it. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'affectedItem must not be empty; send null to clear it' })
  @MaxLength(AFFECTED_ITEM_MAX_LENGTH)
  affectedItem?: string | null;

  /** Agents and admins only; a customer sending it gets 403. */
  @IsOptionalNotNull()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;
}

/** Body of `PATCH /api/tickets/:id/status`. */
export class ChangeStatusDto {
  /**
   * The status to move to. Checked against the workflow table rather than here, so an unknown
   * value is a 400 `INVALID_TRANSITION` naming both statuses. @example "in_progress"
   */
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  status!: string;
}

/** Body of `POST /api/tickets/:id/assign`. */
export class AssignTicketDto {
  /** The agent or admin to assign; omit it to assign yourself, send `null` to unassign. @example 2 */
  @IsOptional()
  @IsInt()
  @IsPositive()
  agentId?: number | null;
}

function toArray(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');
}

/** Query of `GET /api/tickets`. Customers see only their own tickets whatever they ask for. */
export class ListTicketsQueryDto extends PageQueryDto {
  /** One or more statuses: repeat the parameter (`status=open&status=reopened`) or separate them with commas. */
  @IsOptional()
  @Transform(({ value }) => toArray(value))
  @IsEnum(TicketStatus, { each: true })
  status?: TicketStatus[];

  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority;

  /** A category slug. */
  @IsOptional()
  @IsString()
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'category must be a category slug such as "billing"' })
  category?: string;

  /** Only tickets about exactly this affected item. @example "Invoice PDF export" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(AFFECTED_ITEM_MAX_LENGTH)
  affectedItem?: string;

  /** Only tickets assigned to this user. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  assigneeId?: number;

  /** `true`: only tickets nobody is assigned to. */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unassigned?: boolean;

  /**
   * Full-text search over the ticket's number, subject, description, affected item and the replies
   * the caller may read (internal notes: agents and admins only). Every word must occur (case and
   * accents ignored), not necessarily in the same text; `"quoted words"` must occur together in that
   * order; `-word` or `-"a phrase"` excludes tickets containing it; the last word also finds the words
   * it begins from 3 characters (`printe` finds `printer`). Nothing else is syntax (`OR`, `*`,
   * `subject:` are words). A ticket number (`TICK-20261126-0001`) finds exactly that ticket. Each item
   * then carries a `match` snippet. At most 200 characters.
   * @example "printe -toner"
   */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(SEARCH_MAX_LENGTH)
  q?: string;

  /**
   * Sort key; `-` prefix for descending. Defaults to `-createdAt` (newest first), or with `q` to
   * `relevance` (best match first: bm25 on SQLite, ts_rank on PostgreSQL); `relevance` without `q`
   * is a 400 `RELEVANCE_NEEDS_QUERY`. `dueAt`: the nearest SLA due time first (`sla.dueAt`), tickets
   * with no running SLA clock last.
   */
  @IsOptional()
  @IsIn(TICKET_SORTS, { message: `sort must be one of ${TICKET_SORTS.join(', ')}` })
  sort?: TicketSort;

  /**
   * Only tickets changed at or after this instant (ISO 8601 with a time zone), for incremental
   * export: combine with `sort=updatedAt` and follow `nextCursor` to read every change once, oldest
   * first. @example "2026-11-26T09:00:00Z"
   */
  @IsOptional()
  @IsISO8601(
    { strict: true, strictSeparator: true },
    { message: 'updatedSince must be an ISO 8601 date and time such as 2026-11-26T09:00:00Z' },
  )
  @Matches(/T.*(Z|[+-]\d{2}:\d{2})$/, { message: 'updatedSince must carry a time zone (Z or ±hh:mm)' })
  updatedSince?: string;

  /**
   * SLA: `breached`, tickets with a running target (first response or resolution) past its due
   * time; `at_risk`, tickets whose nearest running target passed its at-risk threshold
   * (`sla.atRiskThreshold` of its time) but is not due yet. Tickets whose clocks stopped (resolved,
   * closed, waiting on the customer with the first response given) match neither. @example "at_risk"
   */
  @IsOptional()
  @IsIn(SLA_FILTERS, { message: `sla must be one of ${SLA_FILTERS.join(', ')}` })
  sla?: SlaFilter;

  /**
   * Where to continue: the `nextCursor` of the previous page, with the same sort (and filters).
   * Not combined with `page`. @example "eyJzIjoiLWNyZWF0ZWRBdCIsImsiOlsxNzk1NzA3ODYwMjk5LDddfQ"
   */
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
