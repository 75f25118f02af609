import {
  PRIORITY_LABELS,
  STATUS_LABELS,
  SYSTEM_ACTOR_NAME,
  type TicketHistoryEventResponse,
  TicketHistoryType,
  type TicketPriority,
  type TicketStatus,
} from '@hd/shared/domain';

import type { IconName } from '../../core/icons';

/** One compact line of the ticket's activity, interleaved with the thread by time. */
export interface ActivityLine {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  /** What happened, as people read it, e.g. "Ana Agent changed the status from Open to In progress". */
  text: string;
  /** A Material icon of the app's set. */
  icon: IconName;
}

/** How edited fields read in a sentence. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  subject: 'the subject',
  description: 'the description',
  contactNumber: 'the contact number',
  affectedItem: 'the affected item',
};

/** Who did it: the actor's name, or the helpdesk itself for automatic changes. */
function actorName(event: TicketHistoryEventResponse): string {
  return event.actor?.name ?? SYSTEM_ACTOR_NAME;
}

/** "from A to B", "to B" or "from A" (for a value cleared), with each value as people read it. */
function fromTo(event: TicketHistoryEventResponse, label: (value: string) => string): string {
  const from = event.from ? label(event.from) : null;
  const to = event.to ? label(event.to) : null;
  if (from && to) return `from ${from} to ${to}`;
  return to ? `to ${to}` : `from ${from ?? 'nothing'} to nothing`;
}

/**
 * The line for a history event, or null for the events the thread shows itself (replies and
 * internal notes). Statuses, priorities and categories read as their labels; `categoryLabel` names
 * a category slug.
 */
export function describeHistoryEvent(
  event: TicketHistoryEventResponse,
  categoryLabel: (slug: string) => string,
): ActivityLine | null {
  const who = actorName(event);
  const line = (icon: IconName, text: string): ActivityLine => ({ id: event.id, at: event.at, icon, text });
  switch (event.type) {
    case TicketHistoryType.Created:
      return line('add_circle', `${who} opened the ticket`);
    case TicketHistoryType.StatusChanged:
      return line(
        'swap_horiz',
        `${who} changed the status ${fromTo(event, (v) => STATUS_LABELS[v as TicketStatus] ?? v)}`,
      );
    case TicketHistoryType.PriorityChanged:
      return line(
        'flag',
        `${who} changed the priority ${fromTo(event, (v) => PRIORITY_LABELS[v as TicketPriority] ?? v)}`,
      );
    case TicketHistoryType.CategoryChanged:
      return line('label', `${who} changed the category ${fromTo(event, categoryLabel)}`);
    case TicketHistoryType.Assigned:
      if (event.to === event.actor?.name) return line('person_add', `${who} took the ticket`);
      return line(
        'person_add',
        event.from
          ? `${who} reassigned it from ${event.from} to ${event.to}`
          : `${who} assigned it to ${event.to}`,
      );
    case TicketHistoryType.Unassigned:
      return line('person_remove', event.from ? `${who} unassigned ${event.from}` : `${who} unassigned it`);
    case TicketHistoryType.Edited:
      return line('edit', `${who} edited ${FIELD_NAMES[event.field ?? ''] ?? event.field ?? 'the ticket'}`);
    case TicketHistoryType.Deleted:
      return line('delete', `${who} deleted the ticket`);
    default:
      return null;
  }
}
