import { NotificationType } from './notification-events';

/** One notification of the caller's notification centre; also the payload of the socket event `notification`. */
export class NotificationResponse {
  /** @example 17 */
  id!: number;
  type!: NotificationType;
  /** The ticket it is about. @example 3 */
  ticketId!: number;
  /** One line for lists and snackbars. @example "Ticket #3 is now In progress" */
  title!: string;
  /** More detail, e.g. the reply text (plain text, at most 500 characters). @example "Alex Agent moved it from Open to In progress." */
  body!: string;
  /** ISO 8601 UTC. @example "2026-11-22T09:30:00.000Z" */
  createdAt!: string;
  /** Whether the recipient marked it read. @example false */
  read!: boolean;
  /** When it was marked read (ISO 8601 UTC), or null. @example null */
  readAt!: string | null;
}

/** `GET /api/notifications`: a page of the caller's notifications, newest first. */
export class NotificationPageResponse {
  items!: NotificationResponse[];
  /** How many notifications match the query, over all pages. @example 42 */
  total!: number;
  /** How many of the caller's notifications are unread (whatever the query), for the bell. @example 3 */
  unreadCount!: number;
  /** 1-based. @example 1 */
  page!: number;
  /** @example 20 */
  pageSize!: number;
}

/** `POST /api/notifications/read-all`: how many notifications were marked read. */
export class ReadAllResponse {
  /** @example 3 */
  updated!: number;
}

/** `GET/PATCH /api/users/me/preferences`: the caller's notification preferences. */
export class PreferencesResponse {
  /** Whether notifications are also sent by e-mail (default true). @example true */
  emailNotifications!: boolean;
}

/**
 * Acknowledgement of the socket events `ticket.subscribe` and `ticket.unsubscribe`:
 * `{ ok: true }`, or `{ ok: false, error }` with the same error shape as REST (404 for a ticket the caller may not see).
 */
export class SocketAck {
  ok!: boolean;
  error?: { statusCode: number; error: string; message: string; code?: string };
}
