import { AttachmentResponse } from './attachments.response';
import { Role, TicketPriority, TicketStatus } from './enums';
import type { TicketSlaView } from './sla';
import { UserSummary } from './users.response';

/** The author of a reply. */
export class ReplyAuthor {
  /** @example 2 */
  id!: number;
  /** @example "Alex Agent" */
  name!: string;
  role!: Role;
}

/** One message in a ticket's thread: a public reply, or an internal note customers never see. */
export class ReplyResponse {
  /** @example 7 */
  id!: number;
  /** @example "Could you send a screenshot of the error?" */
  content!: string;
  /** True for an internal note (only agents and admins ever receive these). */
  internal!: boolean;
  author!: ReplyAuthor;
  /** ISO 8601 UTC. */
  createdAt!: string;
  /** The files sent with it (absent where a reply is returned without them, e.g. in webhooks). */
  attachments?: AttachmentResponse[];
}

/**
 * A ticket's service levels (SLA): its two targets (first response, resolution) with their due
 * times, whether each was breached, and the pause. Dates are ISO 8601 UTC or null. The due times
 * count business minutes when business hours are on; a pause (waiting on the customer) pushes the
 * resolution due time by its span when the ticket moves on.
 */
export class TicketSlaResponse implements TicketSlaView {
  /** When staff's first public reply is due. @example "2026-11-26T11:00:00.000Z" */
  firstResponseDueAt!: string | null;
  /** When the resolution is due (pauses so far included). @example "2026-11-27T09:00:00.000Z" */
  resolutionDueAt!: string | null;
  /** Staff's first public reply (internal notes do not count); null until then. */
  firstResponseAt!: string | null;
  /** When the resolution clock stopped at `resolved`; null while it runs (a reopen resumes it) or when closed unresolved. */
  resolvedAt!: string | null;
  /** True when the first response came late, or is still missing past its due time. @example false */
  firstResponseBreached!: boolean;
  /** True when the ticket was resolved late, or is still unresolved past its due time (pauses excluded). @example false */
  resolutionBreached!: boolean;
  /** Since when the resolution clock is paused (waiting on the customer); null otherwise. */
  pausedAt!: string | null;
  /** The nearest running target's due time (the queue's `sort=dueAt`); null when no clock runs. @example "2026-11-26T11:00:00.000Z" */
  dueAt!: string | null;
  /** When that target passes the at-risk threshold (`sla.atRiskThreshold` of its time); null when no clock runs. @example "2026-11-26T10:36:00.000Z" */
  atRiskAt!: string | null;
}

/** A ticket, as listed. */
export class TicketResponse {
  /** @example 1 */
  id!: number;
  /**
   * The number customers quote: `TICK-YYYYMMDD-NNNN`, the UTC day of creation and the ticket's
   * sequence within that day (from 0001; wider past 9,999). Works wherever an id does.
   * @example "TICK-20261126-0001"
   */
  number!: string;
  /** The ticket's version: it grows with every change, and is the `ETag` for `If-Match`. @example 3 */
  version!: number;
  /** @example "Cannot download my invoice" */
  subject!: string;
  description!: string;
  status!: TicketStatus;
  priority!: TicketPriority;
  /** The slug of one of the managed categories (`GET /api/categories`). @example "billing" */
  category!: string;
  /** The customer's phone number in E.164, or null. @example "+442071838750" */
  contactNumber!: string | null;
  /** The product, device or service concerned, or null. @example "Invoice PDF export" */
  affectedItem!: string | null;
  /** The customer the ticket belongs to. */
  customer!: UserSummary;
  /** The agent working it, or null while unassigned. */
  assignee!: UserSummary | null;
  /** ISO 8601 UTC. */
  createdAt!: string;
  /** ISO 8601 UTC; changes with every edit, status move, assignment and reply. */
  updatedAt!: string;
  /** When staff first replied publicly (the first response, for SLAs); null until then. ISO 8601 UTC. */
  firstResponseAt!: string | null;
  /** When it was last resolved; null when never. ISO 8601 UTC. */
  resolvedAt!: string | null;
  /** When it was last closed; null when never. ISO 8601 UTC. */
  closedAt!: string | null;
  /** Service levels: due times, breaches and the pause. */
  sla!: TicketSlaResponse;
}

/** Opens a matched word or phrase in a list item's `match` snippet. */
export const MATCH_START = '«';
/** Closes a matched word or phrase in a list item's `match` snippet. */
export const MATCH_END = '»';

/** A ticket in a page of `GET /api/tickets`, with where a search matched it. */
export class TicketListItemResponse extends TicketResponse {
  /**
   * With `q`: a short stretch (about 16 words, `…` where cut) of the text the search matched, each
   * matched word or phrase between `«` and `»` (`MATCH_START`, `MATCH_END`); the text's own `«` and `»`
   * are shown as `‹` and `›`, so splitting on the markers is safe. Taken from the description, the
   * affected item, a reply (an internal note for agents and admins only: a customer never gets text
   * of one) or the subject, whichever shows the most of the search's words. Null without `q`, and
   * when only the ticket's number matched.
   * @example "…the «printer» on the second floor jams when printing «duplex»…"
   */
  match!: string | null;
}

/** A ticket with its whole thread, oldest first (internal notes only for agents and admins). */
export class TicketDetailResponse extends TicketResponse {
  replies!: ReplyResponse[];
  /**
   * Every file on the ticket the caller may see, oldest first, each with its `replyId` (null for an
   * upload not sent with a reply yet); the replies carry theirs too.
   */
  attachments!: AttachmentResponse[];
}

/**
 * A page of `GET /api/tickets`. Walk a long list with `nextCursor` (also sent as a `Link` header
 * with `rel="next"`); `page` numbers only the first `MAX_PAGE` (100) pages.
 */
export class TicketPageResponse {
  items!: TicketListItemResponse[];
  /**
   * How many tickets match the filters, over all pages: exact up to `EXACT_TOTAL_LIMIT` (10,000); past
   * it, that number with `totalIsEstimate: true`. A search of one term sorted by relevance ranks the
   * newest `SEARCH_RANK_LIMIT` (1,000) matching texts of each kind (ticket fields, public replies,
   * internal notes); when more match, `total` is the number of tickets it ranked (the pages hold
   * those) with `totalIsEstimate: true`. A search of several terms does the same with the texts that
   * each hold every term when more than that many of a kind do, leaving out tickets whose terms lie
   * only in different texts; otherwise it reads every match (those included). @example 42
   */
  total!: number;
  /**
   * True when more tickets match than `total` says (past `EXACT_TOTAL_LIMIT`, or a search that ranked
   * only the newest matches; sort by `createdAt` to page through every match). @example false
   */
  totalIsEstimate!: boolean;
  /** 1-based; null for a page asked for by `cursor`. @example 1 */
  page!: number | null;
  /** @example 20 */
  pageSize!: number;
  /** Pass as `cursor` (with the same filters and sort) for the page after this one; null on the last page. @example "eyJzIjoiLWNyZWF0ZWRBdCIsImsiOlsxNzk1NzA3ODYwMjk5LDddfQ" */
  nextCursor!: string | null;
}

/** `GET /api/tickets/counts`: tickets per status under the list's other filters. */
export class TicketStatusCountsResponse {
  /** Every status with its count (0 when none). @example {"open":2,"in_progress":1,"waiting_on_customer":1,"resolved":1,"closed":1,"reopened":0} */
  counts!: Record<TicketStatus, number>;
  /** The sum of the counts. @example 6 */
  total!: number;
  /**
   * True when a search matched more than it counted, each count then being a lower bound: a search
   * of one term (or of several, as `TicketPageResponse.total` says) sorted by relevance (the default with `q`) counts the tickets of its newest
   * `SEARCH_RANK_LIMIT` matching texts of each kind, as that list's total does (see
   * `TicketPageResponse.totalIsEstimate`); pass another `sort` to count every match. @example false
   */
  totalIsEstimate!: boolean;
}
