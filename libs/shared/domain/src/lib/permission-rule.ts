import { Role, TicketStatus } from './enums';
import type { ErrorCode } from './errors';

/**
 * The cells of the permission table (`PERMISSIONS` in permissions.ts) and the two rows every page
 * of the web app reads (who works the queue, who manages users). They live apart from the table so
 * that the app shell's bundle carries these two rows only, and the rest of the table loads with the
 * pages that use it; the table itself refers to these very rows.
 */

/**
 * How a user stands to a ticket: its customer (`owner`), the agent working it (`assignee`), or
 * neither (`other`). Customers only ever reach their own tickets: visibility (404) is checked first.
 */
export type TicketRelation = 'owner' | 'assignee' | 'other';

/** What the permission rules need to know about a ticket. */
export interface TicketFacts {
  status: TicketStatus;
  /** The assignee, or null while unassigned (only whether there is one matters). */
  assignee: unknown | null;
}

/** A condition on the ticket's state, with the refusal when it does not hold. */
export interface TicketCondition {
  holds: (ticket: TicketFacts) => boolean;
  code: ErrorCode;
  /** The HTTP status of the refusal: 409 for a state that forbids the change, 400 for a bad request. */
  httpStatus: 400 | 409;
  message: string;
}

/**
 * One cell of the table: the role may act under these relations to the ticket while the condition
 * holds, or, with `never`, may never act (403 `ROLE_FORBIDDEN` with that message).
 */
export interface PermissionRule {
  /** The relations to the ticket under which the role may act; absent means any. */
  relations?: readonly TicketRelation[];
  /** A condition on the ticket's state; absent means always. */
  condition?: TicketCondition;
  /** Why the role may never act, for the 403 message. */
  never?: string;
}

/** A cell for a role that may always take the action. */
export const ALWAYS: PermissionRule = {};
/** A cell for a role that may never take the action (403 `ROLE_FORBIDDEN` with `message`). */
export const never = (message: string): PermissionRule => ({ never: message });
/** A row for what agents and admins may always do and customers never (403 with `message`). */
export const staffOnly = (message: string): Readonly<Record<Role, PermissionRule>> => ({
  [Role.Customer]: never(message),
  [Role.Agent]: ALWAYS,
  [Role.Admin]: ALWAYS,
});
/** A row for what only admins may do (403 with `message` for everyone else). */
export const adminOnly = (message: string): Readonly<Record<Role, PermissionRule>> => ({
  [Role.Customer]: never(message),
  [Role.Agent]: never(message),
  [Role.Admin]: ALWAYS,
});

/** The `WorkQueue` row of the table: agents and admins work the queue (they are "staff"). */
export const WORK_QUEUE_ROW = /* @__PURE__ */ staffOnly('Only agents may work the queue');

/** The `ManageUsers` row of the table: only admins manage users. */
export const MANAGE_USERS_ROW = /* @__PURE__ */ adminOnly('Only admins may manage users');

/** True for the roles that work the queue (staff): the table's `WorkQueue` row. */
export function isStaff(role: Role): boolean {
  return WORK_QUEUE_ROW[role].never === undefined;
}

/** True for the roles that manage users (admins): the table's `ManageUsers` row. */
export function isUserManager(role: Role): boolean {
  return MANAGE_USERS_ROW[role].never === undefined;
}
