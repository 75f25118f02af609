import { canDeleteTicket as mayDelete, canEditTicket as mayEdit } from '@hd/shared/dto';
import type { TicketResponse, UserResponse } from '@hd/shared/dto';

/**
 * Whether `user` may edit the ticket's subject and description now: the shared rule the API
 * enforces (customers until the ticket is closed, staff always).
 */
export function canEditTicket(ticket: TicketResponse, user: UserResponse): boolean {
  return mayEdit(ticket, user.role);
}

/** Whether `user` may delete the ticket now: the shared rule (admins always, customers while open and unassigned). */
export function canDeleteTicket(ticket: TicketResponse, user: UserResponse): boolean {
  return mayDelete(ticket, user.role);
}
