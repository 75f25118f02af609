import { AuditEventResponse } from '@hd/shared/domain';

import { AuditEvent } from './audit-event.entity';

/** An audit entry as admins read it; `actor` must be loaded. */
export function toAuditEventResponse(event: AuditEvent): AuditEventResponse {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor ? { id: event.actor.id, name: event.actor.name } : null,
    action: event.action,
    target: { type: event.targetType, id: event.targetId },
    changes: event.changes,
  };
}
