/**
 * Ticket numbers: `TICK-YYYYMMDD-NNNN`, the UTC day of creation and the ticket's sequence within
 * that day, from 0001, zero-padded to four digits and wider past 9,999 (`TICK-20261126-10000`).
 */

/** Matches a ticket number (case-insensitive on the prefix); group 1 is the day, group 2 the sequence. */
export const TICKET_NUMBER_PATTERN = /^TICK-(\d{8})-(\d{4,})$/i;

/** The UTC day of `at` as `YYYYMMDD`. */
export function ticketNumberDay(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, '');
}

/** The number of the `sequence`-th ticket (1-based) created on the UTC day of `at`. */
export function formatTicketNumber(at: Date, sequence: number): string {
  return `TICK-${ticketNumberDay(at)}-${String(sequence).padStart(4, '0')}`;
}

/** `value` as a canonical ticket number (upper-case prefix), or null when it is not one. */
export function parseTicketNumber(value: string): string | null {
  const match = TICKET_NUMBER_PATTERN.exec(value.trim());
  return match ? `TICK-${match[1]}-${match[2]}` : null;
}
