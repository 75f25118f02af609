/**
 * Limits, defaults and fixed lists of the helpdesk: the one home of each number that the API
 * enforces and the web app shows. No side effects, safe for the browser.
 */

/** Longest subject, in characters. */
export const SUBJECT_MAX_LENGTH = 200;
/** Longest description or reply, in characters. */
export const BODY_MAX_LENGTH = 10_000;

/** Longest affected item (the product, device or service concerned), in characters. */
export const AFFECTED_ITEM_MAX_LENGTH = 200;
/** Longest contact number as typed, in characters (stored in E.164, at most 16). */
export const CONTACT_NUMBER_MAX_LENGTH = 32;
/** Longest category name, in characters. */
export const CATEGORY_NAME_MAX_LENGTH = 50;
/** A category slug: 2 to 32 lower-case letters, digits and underscores, starting with a letter. */
export const CATEGORY_SLUG_PATTERN = /^[a-z][a-z0-9_]{1,31}$/;

/** Longest canned-response title, in characters (at least 1 after trimming). */
export const CANNED_RESPONSE_TITLE_MAX_LENGTH = 100;
/** Longest canned-response body, in characters (at least 1 after trimming). */
export const CANNED_RESPONSE_BODY_MAX_LENGTH = 5000;

/** Deepest nesting of objects and arrays accepted in a request body (deeper: 400 `PAYLOAD_TOO_DEEP`). */
export const MAX_BODY_DEPTH = 32;

/** Largest page of a list. */
export const MAX_PAGE_SIZE = 100;
/** The page size of a list when the request names none. */
export const DEFAULT_PAGE_SIZE = 20;
/**
 * Deepest `page` of the ticket list: past it (offsets grow costly at a million tickets) the list is
 * walked with `cursor`, which costs the same on every page.
 */
export const MAX_PAGE = 100;
/** Up to this many matching tickets, `total` is exact; past it `total` is this number and `totalIsEstimate` is true. */
export const EXACT_TOTAL_LIMIT = 10_000;
/**
 * A search of one term sorted by relevance ranks the newest this many matching texts of each kind
 * (ticket fields, public replies, internal notes) that pass the other filters; when more match,
 * `total` counts the tickets it ranked and `totalIsEstimate` is true. The status counts of such a
 * search count the same newest texts' tickets. A search of several terms does the same with the
 * texts that each hold every term, when more than this many of a kind do (otherwise it reads every
 * match). Ranking all 20,000 matches of a common word at a million tickets took seconds under load.
 */
export const SEARCH_RANK_LIMIT = 1_000;
/** Longest `cursor` accepted, in characters. */
export const CURSOR_MAX_LENGTH = 200;
/** The page sizes the web app's paginators offer (each at most {@link MAX_PAGE_SIZE}). */
export const PAGE_SIZE_OPTIONS: readonly number[] = [10, DEFAULT_PAGE_SIZE, 50];

/** A customer may reopen a closed ticket for this many days after it was closed. */
export const REOPEN_WINDOW_DAYS = 7;
/** {@link REOPEN_WINDOW_DAYS} in ms. */
export const REOPEN_WINDOW_MS = REOPEN_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** Shortest password accepted, in characters (OWASP ASVS 5.0 V6.2.1 asks for at least 8). */
export const PASSWORD_MIN_LENGTH = 8;
/** Longest password accepted, in characters: bcrypt reads only the first 72 bytes. */
export const PASSWORD_MAX_LENGTH = 72;
/** Lowest zxcvbn score (0 to 4) accepted: 3 is "safely unguessable", about 10^8 guesses or more. */
export const PASSWORD_MIN_SCORE = 3;

/** Longest first name, and longest last name, in characters (Unicode code points). */
export const NAME_MAX_LENGTH = 50;

/** How long a password-reset link works, in ms (1 hour). */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
/** How long an invitation link (an account created without a password) works, in ms (72 hours). */
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

/**
 * The verdict of the password policy (`loadPasswordPolicy`), shown by the API's
 * 400 and the web app's strength meter.
 */
export interface PasswordVerdict {
  /** True when the password may be used. */
  acceptable: boolean;
  /** zxcvbn's score, 0 (too guessable) to 4 (very unguessable). */
  score: 0 | 1 | 2 | 3 | 4;
  /** Why it was refused, in a sentence; null when acceptable. */
  reason: string | null;
  /** zxcvbn's hints for a stronger password. */
  suggestions: string[];
}

/**
 * Values of `sort` in `GET /api/tickets`; a `-` prefix sorts descending. `relevance` (best match
 * first) needs a search (`q`), and is the order of a search that names none. `dueAt`: the nearest
 * SLA due time first, tickets with no running SLA clock last.
 */
export const TICKET_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'priority',
  '-priority',
  'dueAt',
  'relevance',
] as const;
/** One value of {@link TICKET_SORTS}. */
export type TicketSort = (typeof TICKET_SORTS)[number];
/** The order of `GET /api/tickets` when the request names none (and searches for nothing). */
export const DEFAULT_TICKET_SORT: TicketSort = '-createdAt';
/** The order of `GET /api/tickets` with `q` when the request names none: best match first. */
export const DEFAULT_SEARCH_SORT: TicketSort = 'relevance';
/** Longest search (`q` of the ticket list), in characters. */
export const SEARCH_MAX_LENGTH = 200;
