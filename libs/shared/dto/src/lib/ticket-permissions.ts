import { Role, TicketStatus, isStaff } from './enums';

/** What the edit and delete rules need to know about a ticket. */
export interface TicketPermissionFacts {
  status: TicketStatus;
  /** The assignee, or null while unassigned (only whether there is one matters). */
  assignee: unknown | null;
}

/**
 * Whether `role` may edit the ticket's subject, description and category now: staff always, the
 * owning customer until the ticket is closed (visibility, i.e. ownership, is checked before this).
 * The API enforces it (409 `TICKET_NOT_EDITABLE`); the web app shows the edit button only when true.
 */
export function canEditTicket(ticket: TicketPermissionFacts, role: Role): boolean {
  return isStaff(role) || ticket.status !== TicketStatus.Closed;
}

/** Whether `role` may change a ticket's priority: staff only (a customer gets 403 `ROLE_FORBIDDEN`). */
export function canChangePriority(role: Role): boolean {
  return isStaff(role);
}

/**
 * Whether `role` may delete the ticket now: admins always, the owning customer while it is open and
 * unassigned, agents never (they close tickets instead). Deletion is soft: the row stays for audit.
 */
export function canDeleteTicket(ticket: TicketPermissionFacts, role: Role): boolean {
  if (role === Role.Admin) return true;
  return role === Role.Customer && ticket.status === TicketStatus.Open && !ticket.assignee;
}
