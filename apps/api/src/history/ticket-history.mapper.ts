import { TicketHistoryEventResponse } from '@hd/shared/domain';

import { TicketHistoryEvent } from './ticket-history-event.entity';

/** A history event as the API returns it; `actor` must be loaded. People appear by name only. */
export function toHistoryEventResponse(event: TicketHistoryEvent): TicketHistoryEventResponse {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor ? { id: event.actor.id, name: event.actor.name, role: event.actor.role } : null,
    system: event.system,
    type: event.type,
    ...(event.field ? { field: event.field } : {}),
    ...(event.fromValue !== null || event.toValue !== null
      ? { from: event.fromValue, to: event.toValue }
      : {}),
  };
}
