import { SlaAlertKind, SlaTarget } from '@hd/shared/domain';

import { TicketEvent } from '../tickets/ticket.events';

/**
 * SLA domain events, emitted by the `sla.check` job (see `SlaCheckJob`) inside the transaction
 * that records the alert, before its flush, like the ticket events: listeners that persist rows
 * (notifications, e-mail, history) commit with the alert or not at all.
 */
export const SlaEvents = {
  AtRisk: 'sla.at_risk',
  Breached: 'sla.breached',
} as const;

/** The event name of each alert kind. */
export const SLA_EVENT_OF: Readonly<Record<SlaAlertKind, string>> = {
  [SlaAlertKind.AtRisk]: SlaEvents.AtRisk,
  [SlaAlertKind.Breached]: SlaEvents.Breached,
};

/** `sla.at_risk` / `sla.breached`: one target of a ticket (customer and assignee loaded); the helpdesk acts (no actor). */
export interface SlaAlertEvent extends TicketEvent {
  actor: null;
  target: SlaTarget;
  /** The target's due time. */
  dueAt: Date;
}
