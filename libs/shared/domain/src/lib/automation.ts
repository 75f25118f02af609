import { Role, TicketStatus } from './enums';

/**
 * The rules of the helpdesk's automation (issue 9) besides the settings themselves: who is
 * available for automatic assignment by default, and which tickets count as an agent's load.
 */

/**
 * Whether a user of each role is available for automatic assignment when their account is created
 * or their role changes: agents are, admins are not until they say so (they work the queue only
 * when they choose to), customers never are (they cannot be assigned at all).
 */
export const AVAILABLE_BY_DEFAULT: Readonly<Record<Role, boolean>> = {
  [Role.Customer]: false,
  [Role.Agent]: true,
  [Role.Admin]: false,
};

/**
 * The statuses of the tickets that count as an assignee's load for the `least_loaded` mode: work
 * still to do by them (not `waiting_on_customer`, which waits on the customer, nor `resolved` or
 * `closed`).
 */
export const LOAD_STATUSES: readonly TicketStatus[] = [
  TicketStatus.Open,
  TicketStatus.InProgress,
  TicketStatus.Reopened,
];

/** How often the `tickets.auto_close` job looks for resolved tickets to close, in ms (10 minutes). */
export const AUTO_CLOSE_INTERVAL_MS = 10 * 60_000;

/**
 * The instant before which a ticket must have been resolved to be closed automatically at `now`:
 * `resolvedAfterDays` whole days (of 24 hours) earlier; null when auto-close is off (0 days).
 */
export function autoCloseCutoff(now: Date, resolvedAfterDays: number): Date | null {
  if (!(resolvedAfterDays > 0)) return null;
  return new Date(now.getTime() - resolvedAfterDays * 24 * 60 * 60_000);
}
