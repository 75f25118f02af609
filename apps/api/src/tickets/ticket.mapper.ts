import {
  isStaff,
  ReplyResponse,
  Role,
  TicketDetailResponse,
  TicketResponse,
  UserSummary,
} from '@hd/shared/domain';

import { Reply } from '../replies/reply.entity';
import { User } from '../users/user.entity';
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

function party(user: User, audience: TicketAudience, own: boolean): UserSummary {
  return audience === 'staff' || own
    ? { id: user.id, name: user.name, email: user.email }
    : { id: user.id, name: user.name };
}

/** A ticket as listed; `customer` and `assignee` must be loaded. */
export function toTicketResponse(ticket: Ticket, audience: TicketAudience): TicketResponse {
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

/** A ticket with the replies the caller may see (already filtered and ordered by the caller). */
export function toTicketDetail(
  ticket: Ticket,
  replies: Reply[],
  audience: TicketAudience,
): TicketDetailResponse {
  return { ...toTicketResponse(ticket, audience), replies: replies.map(toReplyResponse) };
}
