/** Notification types and socket event names: no side effects, safe for the browser. */

/** What a notification is about; the same names as the ticket domain events. */
export enum NotificationType {
  TicketCreated = 'ticket.created',
  TicketAssigned = 'ticket.assigned',
  TicketStatusChanged = 'ticket.status_changed',
  TicketReplied = 'ticket.replied',
  TicketNoteAdded = 'ticket.note_added',
  TicketUpdated = 'ticket.updated',
  /** An SLA target of the ticket passed its at-risk threshold (staff only; see `sla.ts`). */
  SlaAtRisk = 'sla.at_risk',
  /** An SLA target of the ticket passed its due time unmet (staff only). */
  SlaBreached = 'sla.breached',
}

/** Every notification type. */
export const NOTIFICATION_TYPES: readonly NotificationType[] = Object.values(NotificationType);

/**
 * Names of the socket.io events on the API's origin (path `/socket.io`, handshake `auth: { token }`).
 * - `notification` (server to client): a `NotificationResponse` with `read: false`.
 * - `ticket.subscribe` / `ticket.unsubscribe` (client to server, with an ack): `{ ticketId }`, answered with a `SocketAck`.
 * - `ticket.updated` (server to client, to subscribers): the fresh `TicketResponse`.
 */
export const SocketEvents = {
  Notification: 'notification',
  TicketSubscribe: 'ticket.subscribe',
  TicketUnsubscribe: 'ticket.unsubscribe',
  TicketUpdated: 'ticket.updated',
} as const;
