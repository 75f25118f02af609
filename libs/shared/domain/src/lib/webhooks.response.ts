import { WebhookDeliveryStatus, WebhookEvent } from './webhooks';

/** A webhook as admins see it: never its secret, which is shown once at creation. */
export class WebhookResponse {
  /** @example 2 */
  id!: number;
  /** Where deliveries are POSTed. @example "https://crm.example.com/hooks/helpdesk" */
  url!: string;
  /** @example ["ticket.created", "reply.created"] */
  events!: WebhookEvent[];
  /** An inactive webhook receives nothing (set by an admin, or after repeated failures). */
  active!: boolean;
  /** Whether `reply.created` includes internal notes. */
  includeInternalNotes!: boolean;
  /** Deliveries that failed in a row (reset by a success). @example 0 */
  consecutiveFailures!: number;
  /** Why it was switched off automatically, or null. */
  disabledReason!: string | null;
  /** ISO 8601 UTC. */
  createdAt!: string;
  /** ISO 8601 UTC. */
  updatedAt!: string;
}

/** `POST /api/webhooks`: the new webhook with its signing secret, shown only this once. */
export class CreatedWebhookResponse extends WebhookResponse {
  /** The HMAC-SHA256 key of `X-Helpdesk-Signature` (the one sent, or `whsec_` and 43 random characters). */
  secret!: string;
}

/** `GET /api/webhooks`: every webhook, newest first. */
export class WebhookListResponse {
  items!: WebhookResponse[];
}

/** One delivery of an event to a webhook, with its latest attempt. */
export class WebhookDeliveryResponse {
  /** @example 31 */
  id!: number;
  /** Sent as `X-Helpdesk-Delivery`, the same on every retry. @example "0b8f7a9e-6c1d-4c59-9a57-4b3e2f0d1c2a" */
  deliveryId!: string;
  event!: WebhookEvent;
  status!: WebhookDeliveryStatus;
  /** Attempts made so far. @example 1 */
  attempts!: number;
  /** HTTP status of the last answer, or null (no answer: refused, timed out, address not allowed). @example 200 */
  lastStatusCode!: number | null;
  /** What went wrong last, or null. */
  lastError!: string | null;
  /** ISO 8601 UTC. */
  createdAt!: string;
  /** When the last attempt was made (ISO 8601 UTC), or null. */
  lastAttemptAt!: string | null;
  /** When the next attempt is due (ISO 8601 UTC); null once delivered or failed. */
  nextAttemptAt!: string | null;
  /** When the receiver acknowledged it (ISO 8601 UTC), or null. */
  deliveredAt!: string | null;
}

/** `GET /api/webhooks/:id/deliveries`: a page of deliveries, newest first. */
export class WebhookDeliveryPageResponse {
  items!: WebhookDeliveryResponse[];
  /** @example 42 */
  total!: number;
  /** @example 1 */
  page!: number;
  /** @example 20 */
  pageSize!: number;
}
