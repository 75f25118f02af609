import { Role, TicketStatus } from './enums';
import { ErrorCode } from './errors';
import {
  ALWAYS,
  MANAGE_USERS_ROW,
  PermissionRule,
  TicketCondition,
  TicketFacts,
  TicketRelation,
  WORK_QUEUE_ROW,
  adminOnly,
  never,
  staffOnly,
} from './permission-rule';

/**
 * What a user may ask the helpdesk to do. Each action has one row in {@link PERMISSIONS}; the API
 * enforces the row and the web app reads it to offer only what will succeed.
 */
export enum Action {
  /** Work the queue: see every customer's tickets, hear of new ones, count as staff in the workflow. */
  WorkQueue = 'queue.work',
  /** Use the customer portal: one's own tickets and the form to open one. */
  UseCustomerPortal = 'portal.use',
  /** Open a ticket for another user (a customer), e.g. after a phone call. */
  CreateTicketForCustomer = 'ticket.create_for_customer',
  /** Change a ticket's subject, description and category. */
  EditTicket = 'ticket.edit',
  /** Change a ticket's priority. */
  ChangePriority = 'ticket.change_priority',
  /** Soft-delete a ticket. */
  DeleteTicket = 'ticket.delete',
  /** Assign, reassign or unassign a ticket. */
  AssignTicket = 'ticket.assign',
  /** Be the assignee of a ticket. */
  BeAssigned = 'ticket.be_assigned',
  /** Add a public reply to a ticket's thread. */
  Reply = 'reply.create',
  /** Write an internal note (never shown to customers). */
  WriteInternalNote = 'note.create',
  /** Read internal notes. */
  ReadInternalNotes = 'note.read',
  /** List users: agents and admins see the staff who can be assigned (the assignee picker). */
  ListUsers = 'users.list',
  /** Manage users: list everyone, create, read and change any user (role, active, names, e-mail). */
  ManageUsers = 'users.manage',
  /** Read the audit log of admin actions. */
  ReadAuditLog = 'audit.read',
  /** Create, rename, reorder, deactivate and reactivate ticket categories. */
  ManageCategories = 'categories.manage',
  /** Use canned responses: the shared ones, and one's own personal ones (create, edit, delete, insert). */
  UseCannedResponses = 'canned_responses.use',
  /** Create, edit and delete the shared canned responses every member of staff sees. */
  ManageSharedCannedResponses = 'canned_responses.manage_shared',
  /** Change the helpdesk's settings (business hours, SLA policies, automation). */
  ManageSettings = 'settings.manage',
  /** Read reports and the dashboard: one's own figures (the tickets assigned to one). */
  ViewReports = 'reports.view',
  /** Read the whole team's figures in reports: every ticket and every member of staff's row. */
  ViewTeamReports = 'reports.view_team',
  /** Create, change, delete webhooks and read and redeliver their deliveries. */
  ManageWebhooks = 'webhooks.manage',
}

/** Every action, in declaration order (for exhaustive tests and documentation tables). */
export const ACTIONS: readonly Action[] = Object.values(Action);

const NOT_CLOSED_FOR_EDITS: TicketCondition = {
  holds: (ticket) => ticket.status !== TicketStatus.Closed,
  code: ErrorCode.TicketNotEditable,
  httpStatus: 409,
  message: 'A closed ticket cannot be edited; reopen it first',
};
const OPEN_AND_UNASSIGNED: TicketCondition = {
  holds: (ticket) => ticket.status === TicketStatus.Open && !ticket.assignee,
  code: ErrorCode.TicketNotDeletable,
  httpStatus: 409,
  message: 'Only an open ticket that nobody has been assigned to can be deleted; close it instead',
};
const NOT_CLOSED_FOR_REPLIES: TicketCondition = {
  holds: (ticket) => ticket.status !== TicketStatus.Closed,
  code: ErrorCode.TicketClosed,
  httpStatus: 400,
  message: 'This ticket is closed; reopen it to reply',
};

/**
 * Who may do what: action x role -> rule. The one home of every role rule; an admin can do
 * everything an agent can (and delete tickets). Visibility (a customer reaching only their own
 * tickets, 404 otherwise) is enforced before this table by the API's ticket look-up.
 */
export const PERMISSIONS: Readonly<Record<Action, Readonly<Record<Role, PermissionRule>>>> = {
  [Action.WorkQueue]: WORK_QUEUE_ROW,
  [Action.UseCustomerPortal]: {
    [Role.Customer]: ALWAYS,
    [Role.Agent]: never('Agents work tickets in the agent console'),
    [Role.Admin]: never('Admins work tickets in the agent console'),
  },
  [Action.CreateTicketForCustomer]: staffOnly('Customers may only open tickets for themselves'),
  [Action.EditTicket]: {
    [Role.Customer]: { relations: ['owner'], condition: NOT_CLOSED_FOR_EDITS },
    [Role.Agent]: ALWAYS,
    [Role.Admin]: ALWAYS,
  },
  [Action.ChangePriority]: staffOnly('Only agents may change the priority'),
  [Action.DeleteTicket]: {
    [Role.Customer]: { relations: ['owner'], condition: OPEN_AND_UNASSIGNED },
    [Role.Agent]: never('Agents may not delete tickets; close them instead'),
    [Role.Admin]: ALWAYS,
  },
  [Action.AssignTicket]: staffOnly('Only agents may assign tickets'),
  [Action.BeAssigned]: staffOnly('Customers cannot be assigned tickets'),
  [Action.Reply]: {
    [Role.Customer]: { relations: ['owner'], condition: NOT_CLOSED_FOR_REPLIES },
    [Role.Agent]: { condition: NOT_CLOSED_FOR_REPLIES },
    [Role.Admin]: { condition: NOT_CLOSED_FOR_REPLIES },
  },
  [Action.WriteInternalNote]: {
    [Role.Customer]: never('Only agents may write internal notes'),
    [Role.Agent]: { condition: NOT_CLOSED_FOR_REPLIES },
    [Role.Admin]: { condition: NOT_CLOSED_FOR_REPLIES },
  },
  [Action.ReadInternalNotes]: staffOnly('Customers never see internal notes'),
  [Action.ListUsers]: staffOnly('Customers may not list users'),
  [Action.ManageUsers]: MANAGE_USERS_ROW,
  [Action.ReadAuditLog]: adminOnly('Only admins may read the audit log'),
  [Action.ManageCategories]: adminOnly('Only admins may manage categories'),
  [Action.UseCannedResponses]: staffOnly('Only agents and admins use canned responses'),
  [Action.ManageSharedCannedResponses]: adminOnly('Only admins may manage shared canned responses'),
  [Action.ManageSettings]: adminOnly('Only admins may change the settings'),
  [Action.ViewReports]: staffOnly('Only agents and admins may read reports'),
  [Action.ViewTeamReports]: adminOnly("Only admins may read the team's reports"),
  [Action.ManageWebhooks]: adminOnly('Only admins may manage webhooks'),
};

/** Why an action was refused, with the HTTP status and `code` the API answers with. */
export interface PermissionRefusal {
  allowed: false;
  /** 403 for a role that may never act, 404 for a ticket outside the user's reach, 400/409 for the ticket's state. */
  httpStatus: 400 | 403 | 404 | 409;
  code: ErrorCode;
  message: string;
}

/** The verdict of {@link evaluatePermission}. */
export type PermissionVerdict = { allowed: true } | PermissionRefusal;

/** What {@link evaluatePermission} needs besides the action and role, for ticket actions. */
export interface PermissionContext {
  /** The ticket acted on; its state decides conditional rules. Absent for actions on no ticket. */
  ticket?: TicketFacts;
  /** How the user stands to that ticket; absent counts as `other`. */
  relation?: TicketRelation;
}

/**
 * Decides whether `role` may take `action`, reading {@link PERMISSIONS}. Checks, in order: the
 * role (403 `ROLE_FORBIDDEN`), the relation to the ticket (404 `NOT_FOUND`: a customer learns
 * nothing of tickets that are not theirs), then the ticket's state (the cell's own code: 409
 * `TICKET_NOT_EDITABLE` / `TICKET_NOT_DELETABLE`, 400 `TICKET_CLOSED`). A conditional rule asked
 * without a ticket is judged on the role alone.
 */
export function evaluatePermission(
  action: Action,
  role: Role,
  context: PermissionContext = {},
): PermissionVerdict {
  const rule = PERMISSIONS[action][role];
  if (rule.never !== undefined) {
    return { allowed: false, httpStatus: 403, code: ErrorCode.RoleForbidden, message: rule.never };
  }
  if (rule.relations && !rule.relations.includes(context.relation ?? 'other')) {
    return { allowed: false, httpStatus: 404, code: ErrorCode.NotFound, message: 'Ticket not found' };
  }
  if (rule.condition && context.ticket && !rule.condition.holds(context.ticket)) {
    const { code, httpStatus, message } = rule.condition;
    return { allowed: false, httpStatus, code, message };
  }
  return { allowed: true };
}

/** True when `role` may take `action` (with `context`): {@link evaluatePermission} as a boolean. */
export function can(role: Role, action: Action, context: PermissionContext = {}): boolean {
  return evaluatePermission(action, role, context).allowed;
}

/** The roles that may ever take `action` (e.g. who can be assigned a ticket), read from the table. */
export function rolesAllowedTo(action: Action): Role[] {
  return (Object.keys(PERMISSIONS[action]) as Role[]).filter(
    (role) => PERMISSIONS[action][role].never === undefined,
  );
}

/**
 * How `user` stands to `ticket`: `owner` when it is their ticket, `assignee` when they work it,
 * `other` otherwise. Accepts the API's entities and the web's responses alike (only ids are read).
 */
export function relationTo(
  ticket: { customer: { id: number } | number; assignee?: { id: number } | number | null },
  userId: number,
): TicketRelation {
  const idOf = (ref: { id: number } | number | null | undefined): number | undefined =>
    typeof ref === 'number' ? ref : ref?.id;
  if (idOf(ticket.customer) === userId) return 'owner';
  if (idOf(ticket.assignee) === userId) return 'assignee';
  return 'other';
}
