import { Role, TicketStatus } from './enums';
import { ROLE_WITH_ARTICLE } from './labels';
import { REOPEN_WINDOW_DAYS, REOPEN_WINDOW_MS } from './limits';
import { isStaff } from './permission-rule';

/** Who may make a move: the ticket's customer, or staff (agents and admins). */
export type WorkflowActor = 'customer' | 'staff';

/** One allowed move of the status workflow. */
export interface StatusTransition {
  from: TicketStatus;
  to: TicketStatus;
  /** Who may request this move through `PATCH /api/tickets/:id/status`. */
  actors: readonly WorkflowActor[];
  /** Extra condition checked after the table; see {@link REOPEN_WINDOW_MS}. */
  withinReopenWindow?: true;
}

const STAFF = ['staff'] as const;
const CUSTOMER = ['customer'] as const;
const BOTH = ['customer', 'staff'] as const;

/**
 * The status workflow, held once: the API enforces it and the web app shows only the moves it allows.
 * The moves the helpdesk makes by itself are in {@link AUTOMATIC_TRANSITIONS}.
 */
export const STATUS_TRANSITIONS: readonly StatusTransition[] = [
  { from: TicketStatus.Open, to: TicketStatus.InProgress, actors: STAFF },
  { from: TicketStatus.InProgress, to: TicketStatus.WaitingOnCustomer, actors: STAFF },
  { from: TicketStatus.WaitingOnCustomer, to: TicketStatus.InProgress, actors: STAFF },
  { from: TicketStatus.InProgress, to: TicketStatus.Resolved, actors: STAFF },
  { from: TicketStatus.Resolved, to: TicketStatus.Reopened, actors: CUSTOMER },
  { from: TicketStatus.Reopened, to: TicketStatus.InProgress, actors: STAFF },
  { from: TicketStatus.Resolved, to: TicketStatus.Closed, actors: BOTH },
  { from: TicketStatus.Open, to: TicketStatus.Closed, actors: BOTH },
  { from: TicketStatus.InProgress, to: TicketStatus.Closed, actors: BOTH },
  { from: TicketStatus.WaitingOnCustomer, to: TicketStatus.Closed, actors: BOTH },
  { from: TicketStatus.Reopened, to: TicketStatus.Closed, actors: BOTH },
  { from: TicketStatus.Closed, to: TicketStatus.Reopened, actors: CUSTOMER, withinReopenWindow: true },
];

/** The workflow actor a role acts as. */
export function workflowActor(role: Role): WorkflowActor {
  return isStaff(role) ? 'staff' : 'customer';
}

/** Why a requested move was refused; maps to HTTP 403 (`ROLE_FORBIDDEN`) or 400 (the others). */
export type TransitionErrorCode = 'ROLE_FORBIDDEN' | 'INVALID_TRANSITION' | 'REOPEN_WINDOW_EXPIRED';

/** The verdict of {@link evaluateTransition}. */
export type TransitionVerdict =
  | { allowed: true; transition: StatusTransition }
  | { allowed: false; code: TransitionErrorCode; message: string };

/** What the workflow needs to know about the ticket besides its status. */
export interface TransitionContext {
  /** When the ticket was closed, for the reopen window; null or absent when it is not closed. */
  closedAt?: Date | string | null;
  /** The current time (injectable for tests); defaults to now. */
  now?: Date;
}

function isTicketStatus(value: string): value is TicketStatus {
  return (Object.values(TicketStatus) as string[]).includes(value);
}

/**
 * Decides whether `role` may move a ticket from `from` to `to`.
 *
 * Order of checks (issue #2): the role first (403 `ROLE_FORBIDDEN` when the role may never set the
 * target status, e.g. a customer setting `resolved` or staff setting `reopened`), then the table
 * (400 `INVALID_TRANSITION` for a move not in it, the same status again, or an unknown status),
 * then the 7-day reopen window (400 `REOPEN_WINDOW_EXPIRED`). Visibility (404) is the caller's
 * job and comes before all of these.
 *
 * @param from the ticket's current status
 * @param to the requested status, as sent by the client (may be anything)
 * @param role the requesting user's role
 * @param context the ticket's `closedAt` and the current time
 */
export function evaluateTransition(
  from: TicketStatus,
  to: string,
  role: Role,
  context: TransitionContext = {},
): TransitionVerdict {
  const actor = workflowActor(role);
  if (isTicketStatus(to)) {
    const someoneMaySet = STATUS_TRANSITIONS.some((t) => t.to === to);
    const actorMaySet = STATUS_TRANSITIONS.some((t) => t.to === to && t.actors.includes(actor));
    if (someoneMaySet && !actorMaySet) {
      return {
        allowed: false,
        code: 'ROLE_FORBIDDEN',
        message: `${ROLE_WITH_ARTICLE[role]} may not set a ticket's status to '${to}'`,
      };
    }
  }
  const transition = STATUS_TRANSITIONS.find(
    (t) => t.from === from && t.to === to && t.actors.includes(actor),
  );
  if (!transition) {
    return {
      allowed: false,
      code: 'INVALID_TRANSITION',
      message: isTicketStatus(to)
        ? `Cannot move a ticket from '${from}' to '${to}'`
        : `Cannot move a ticket from '${from}' to '${to}': unknown status (expected one of ${Object.values(TicketStatus).join(', ')})`,
    };
  }
  if (transition.withinReopenWindow) {
    const closedAt = context.closedAt ? new Date(context.closedAt).getTime() : Number.NaN;
    const now = (context.now ?? new Date()).getTime();
    if (!(now - closedAt <= REOPEN_WINDOW_MS)) {
      return {
        allowed: false,
        code: 'REOPEN_WINDOW_EXPIRED',
        message: `Cannot move a ticket from '${from}' to '${to}': it was closed more than ${REOPEN_WINDOW_DAYS} days ago; open a new ticket instead`,
      };
    }
  }
  return { allowed: true, transition };
}

/** The statuses `role` may move a ticket to from `from` now (for showing only the buttons that can succeed). */
export function allowedTransitions(
  from: TicketStatus,
  role: Role,
  context: TransitionContext = {},
): TicketStatus[] {
  return STATUS_TRANSITIONS.filter((t) => t.from === from)
    .map((t) => t.to)
    .filter((to) => evaluateTransition(from, to, role, context).allowed);
}

/** What makes the helpdesk move a ticket by itself, without anyone asking for the move. */
export enum AutomaticTrigger {
  /** Someone was assigned to the ticket. */
  Assigned = 'assigned',
  /** The ticket's customer added a public reply. */
  CustomerReplied = 'customer_replied',
  /** The ticket stayed resolved for the days of the `autoClose.resolvedAfterDays` setting. */
  AutoClose = 'auto_close',
}

/** One move the helpdesk makes by itself. */
export interface AutomaticTransition {
  trigger: AutomaticTrigger;
  from: TicketStatus;
  to: TicketStatus;
}

/**
 * The automatic moves, the second half of the workflow: assigning an `open` ticket starts work on
 * it, a customer's reply to a ticket `waiting_on_customer` puts it back `in_progress`, and a ticket
 * left `resolved` for `autoClose.resolvedAfterDays` days is closed (its customer may still reopen
 * it for {@link REOPEN_WINDOW_DAYS} days from then, as after a manual close).
 */
export const AUTOMATIC_TRANSITIONS: readonly AutomaticTransition[] = [
  { trigger: AutomaticTrigger.Assigned, from: TicketStatus.Open, to: TicketStatus.InProgress },
  {
    trigger: AutomaticTrigger.CustomerReplied,
    from: TicketStatus.WaitingOnCustomer,
    to: TicketStatus.InProgress,
  },
  { trigger: AutomaticTrigger.AutoClose, from: TicketStatus.Resolved, to: TicketStatus.Closed },
];

/** The status a ticket in `from` moves to when `trigger` happens, or null when it stays where it is. */
export function automaticTransition(trigger: AutomaticTrigger, from: TicketStatus): TicketStatus | null {
  return AUTOMATIC_TRANSITIONS.find((t) => t.trigger === trigger && t.from === from)?.to ?? null;
}
