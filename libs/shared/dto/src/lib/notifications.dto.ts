import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

import { MAX_PAGE_SIZE } from './tickets.dto';

/** What a notification is about; the same names as the ticket domain events. */
export enum NotificationType {
  TicketCreated = 'ticket.created',
  TicketAssigned = 'ticket.assigned',
  TicketStatusChanged = 'ticket.status_changed',
  TicketReplied = 'ticket.replied',
  TicketNoteAdded = 'ticket.note_added',
  TicketUpdated = 'ticket.updated',
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

function toBoolean(value: unknown): unknown {
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  return value;
}

/** Query of `GET /api/notifications`. */
export class ListNotificationsQueryDto {
  /** `true`: only unread notifications. */
  @IsOptional()
  @Transform(({ value }) => toBoolean(value))
  @IsBoolean()
  unread?: boolean;

  /** 1-based page number. @example 1 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  /** Items per page, 1 to 100, default 20. @example 20 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** Body of `PATCH /api/users/me/preferences`; omitted fields stay as they are. */
export class UpdatePreferencesDto {
  /** Whether to receive notifications by e-mail too (in-app notifications are always on). @example false */
  @IsOptional()
  @IsBoolean()
  emailNotifications?: boolean;
}
