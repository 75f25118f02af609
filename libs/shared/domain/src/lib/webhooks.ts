/**
 * Outgoing webhooks: the events an admin can subscribe a URL to, and how deliveries are signed.
 */

/** What a webhook can be told of. */
export enum WebhookEvent {
  TicketCreated = 'ticket.created',
  /** Subject, description, category, priority, contact number or affected item changed. */
  TicketUpdated = 'ticket.updated',
  TicketStatusChanged = 'ticket.status_changed',
  /** Assignee set, changed or cleared. */
  TicketAssigned = 'ticket.assigned',
  /** A public reply; internal notes too when the webhook opts in (`includeInternalNotes`). */
  ReplyCreated = 'reply.created',
}

/** Every webhook event, in declaration order. */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = Object.values(WebhookEvent);

/** Where a delivery stands. */
export enum WebhookDeliveryStatus {
  /** Waiting for its first or next attempt. */
  Pending = 'pending',
  /** The receiver answered 2xx. */
  Delivered = 'delivered',
  /** Given up: still failing 24 hours after the event, or the webhook was deleted or disabled. */
  Failed = 'failed',
}

/**
 * The signature header of every delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"
 * with the webhook's secret>` (the scheme Stripe documents, so receivers can verify the sender and
 * refuse replays whose `t` is too old).
 */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Helpdesk-Signature';
/** The delivery's id (a UUID, the same on every retry and redelivery), for receivers to de-duplicate. */
export const WEBHOOK_DELIVERY_HEADER = 'X-Helpdesk-Delivery';
/** The event name of the delivery. */
export const WEBHOOK_EVENT_HEADER = 'X-Helpdesk-Event';

/** Limits of webhooks. */
export const WEBHOOK_LIMITS = {
  /** Longest URL, in characters. */
  urlMaxLength: 2000,
  /** Secret length, in characters. */
  secretMinLength: 16,
  secretMaxLength: 200,
} as const;
