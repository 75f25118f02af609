import { AutomaticTrigger, TicketStatus } from '@hd/shared/domain';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { Reply } from '../replies/reply.entity';
import { User } from '../users/user.entity';
import { Ticket } from './ticket.entity';

/**
 * Domain events about tickets, emitted synchronously through `@nestjs/event-emitter` after the
 * change is made on the entities and before the unit of work is flushed. A listener that persists
 * rows through the request's `EntityManager` therefore commits in the same transaction as the change.
 */
export const TicketEvents = {
  Created: 'ticket.created',
  Updated: 'ticket.updated',
  StatusChanged: 'ticket.status_changed',
  Assigned: 'ticket.assigned',
  Replied: 'ticket.replied',
  NoteAdded: 'ticket.note_added',
  Deleted: 'ticket.deleted',
} as const;

/** Base of every ticket event: the ticket (customer and assignee loaded) and who acted. */
export interface TicketEvent {
  ticket: Ticket;
  /** Who acted; null when the helpdesk acted by itself (automatic assignment, auto-close). */
  actor: AuthUser | null;
}

/** The ticket fields `PATCH /api/tickets/:id` can change. */
export type EditableTicketField =
  'subject' | 'description' | 'category' | 'priority' | 'contactNumber' | 'affectedItem';

/** `ticket.updated`: fields changed; `changes` names them, `previous` holds their values before. */
export interface TicketUpdatedEvent extends TicketEvent {
  changes: EditableTicketField[];
  previous: Partial<Record<EditableTicketField, string | null>>;
}

/** `ticket.status_changed`, also when a customer's reply moved the ticket automatically. */
export interface TicketStatusChangedEvent extends TicketEvent {
  from: TicketStatus;
  to: TicketStatus;
  /** Set when the workflow moved the ticket by itself, and why. */
  automatic?: AutomaticTrigger;
  /**
   * Told in-app only, without e-mail: an automatic close long past its due time (auto-close turned
   * on, or shortened, over tickets resolved weeks ago; see `AutoCloseJob`).
   */
  quiet?: boolean;
}

/** `ticket.assigned`: assignee set, changed or cleared. */
export interface TicketAssignedEvent extends TicketEvent {
  previousAssignee: User | null;
}

/** `ticket.replied` (public reply) or `ticket.note_added` (internal note). */
export interface TicketRepliedEvent extends TicketEvent {
  reply: Reply;
}
