import { isStaff, ReplyResponse, Role, slaView, TicketResponse, UserSummary } from '@hd/shared/domain';

import { Reply } from '../replies/reply.entity';
import { slaClockOf, TicketSlaColumns } from './ticket-sla';
import { Ticket } from './ticket.entity';

/**
 * Who a ticket response is for: staff see everyone's e-mail; a customer sees staff by name only
 * (their own e-mail stays, as the ticket's customer).
 */
export type TicketAudience = 'staff' | 'customer';

/** The audience of a user's responses. */
export function audienceOf(user: { role: Role }): TicketAudience {
  return isStaff(user.role) ? 'staff' : 'customer';
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** A person on a ticket: a `User` entity, or the same fields read by plain SQL. */
export interface TicketParty {
  id: number;
  name: string;
  email: string;
}

/** What a ticket response is made of: a `Ticket` entity with its people loaded, or a row read by plain SQL. */
export type TicketView = Pick<
  Ticket,
  | 'id'
  | 'number'
  | 'version'
  | 'subject'
  | 'description'
  | 'status'
  | 'priority'
  | 'category'
  | 'contactNumber'
  | 'affectedItem'
  | 'createdAt'
  | 'updatedAt'
  | 'firstResponseAt'
  | 'resolvedAt'
  | 'closedAt'
> &
  TicketSlaColumns & { customer: TicketParty; assignee: TicketParty | null };

function party(user: TicketParty, audience: TicketAudience, own: boolean): UserSummary {
  return audience === 'staff' || own
    ? { id: user.id, name: user.name, email: user.email }
    : { id: user.id, name: user.name };
}

/**
 * A ticket as listed; `customer` and `assignee` must be loaded. `now` (the injected `Clock`'s time)
 * decides whether SLA targets still running are breached.
 */
export function toTicketResponse(ticket: TicketView, audience: TicketAudience, now: Date): TicketResponse {
  return {
    id: ticket.id,
    number: ticket.number,
    version: ticket.version,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    contactNumber: ticket.contactNumber,
    affectedItem: ticket.affectedItem,
    customer: party(ticket.customer, audience, true),
    assignee: ticket.assignee ? party(ticket.assignee, audience, false) : null,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    firstResponseAt: iso(ticket.firstResponseAt),
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
    sla: slaView(ticket, slaClockOf(ticket), { dueAt: ticket.slaDueAt, atRiskAt: ticket.slaAtRiskAt }, now),
  };
}

/** A reply; `author` must be loaded. */
export function toReplyResponse(reply: Reply): ReplyResponse {
  return {
    id: reply.id,
    content: reply.content,
    internal: reply.internal,
    author: { id: reply.author.id, name: reply.author.name, role: reply.author.role },
    createdAt: reply.createdAt.toISOString(),
  };
}
