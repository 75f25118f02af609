import { ReplyResponse, TicketDetailResponse, TicketResponse } from '@hd/shared/domain';

import { Reply } from '../replies/reply.entity';
import { toUserSummary } from '../users/user.mapper';
import { Ticket } from './ticket.entity';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** A ticket as listed; `customer` and `assignee` must be loaded. */
export function toTicketResponse(ticket: Ticket): TicketResponse {
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    customer: toUserSummary(ticket.customer),
    assignee: ticket.assignee ? toUserSummary(ticket.assignee) : null,
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
export function toTicketDetail(ticket: Ticket, replies: Reply[]): TicketDetailResponse {
  return { ...toTicketResponse(ticket), replies: replies.map(toReplyResponse) };
}
