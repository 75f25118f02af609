import { Role, TicketStatus } from '@hd/shared/dto';
import type { TicketResponse, UserResponse } from '@hd/shared/dto';

/**
 * Whether `user` may edit the ticket's subject and description now. Mirrors `TicketsService.update`
 * of the API (customers until the ticket is closed, staff always); the API stays the judge.
 */
export function canEditTicket(ticket: TicketResponse, user: UserResponse): boolean {
  return user.role !== Role.Customer || ticket.status !== TicketStatus.Closed;
}

/**
 * Whether `user` may delete the ticket now. Mirrors `TicketsService.remove` of the API: admins
 * always, customers while it is open and unassigned, agents never.
 */
export function canDeleteTicket(ticket: TicketResponse, user: UserResponse): boolean {
  if (user.role === Role.Admin) return true;
  return user.role === Role.Customer && ticket.status === TicketStatus.Open && ticket.assignee === null;
}
