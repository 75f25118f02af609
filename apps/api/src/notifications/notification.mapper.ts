import { NotificationResponse } from '@hd/shared/domain';

import { Notification } from './notification.entity';

/** A notification as its recipient sees it (REST and the socket event `notification`). */
export function toNotificationResponse(notification: Notification): NotificationResponse {
  return {
    id: notification.id,
    type: notification.type,
    ticketId: notification.ticket.id,
    title: notification.title,
    body: notification.body,
    createdAt: notification.createdAt.toISOString(),
    read: notification.readAt !== null,
    readAt: notification.readAt ? notification.readAt.toISOString() : null,
  };
}
