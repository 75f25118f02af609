/**
 * Limits and fixed lists of the API, in a module without side effects so the browser can import it
 * (the DTO modules run class-validator decorators when they load).
 */

/** Longest subject, in characters. */
export const SUBJECT_MAX_LENGTH = 200;
/** Longest description or reply, in characters. */
export const BODY_MAX_LENGTH = 10_000;
/** Largest page of a list. */
export const MAX_PAGE_SIZE = 100;

/** Values of `sort` in `GET /api/tickets`; a `-` prefix sorts descending. */
export const TICKET_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'priority',
  '-priority',
] as const;
/** One value of {@link TICKET_SORTS}. */
export type TicketSort = (typeof TICKET_SORTS)[number];
