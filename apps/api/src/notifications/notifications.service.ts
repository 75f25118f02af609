import { EntityManager } from '@mikro-orm/knex';
import { Injectable, NotFoundException } from '@nestjs/common';

import {
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  NotificationPageResponse,
  NotificationResponse,
  ReadAllResponse,
} from '@hd/shared/domain';
import { ListNotificationsQueryDto } from '@hd/shared/dto';

import { Clock } from '../common/clock';
import { Notification } from './notification.entity';
import { toNotificationResponse } from './notification.mapper';

/** The notification centre: a user's own notifications, read and unread. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** A page of `userId`'s notifications, newest first (only unread ones with `unread: true`), and the unread count. */
  async list(userId: number, query: ListNotificationsQueryDto): Promise<NotificationPageResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const where = query.unread ? { user: userId, readAt: null } : { user: userId };
    const [items, total] = await this.em.findAndCount(Notification, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const unreadCount = query.unread
      ? total
      : await this.em.count(Notification, { user: userId, readAt: null });
    return { items: items.map(toNotificationResponse), total, unreadCount, page, pageSize };
  }

  /**
   * Marks one of `userId`'s notifications read (idempotent: a second call keeps the first `readAt`).
   * @throws NotFoundException (404) for an unknown id or another user's notification
   */
  async markRead(id: number, userId: number): Promise<NotificationResponse> {
    const notification = await this.em.findOne(Notification, { id, user: userId });
    if (!notification)
      throw new NotFoundException({ message: `Notification ${id} not found`, code: ErrorCode.NotFound });
    if (!notification.readAt) {
      notification.readAt = this.clock.now();
      await this.em.flush();
    }
    return toNotificationResponse(notification);
  }

  /** Marks every unread notification of `userId` read. @returns how many were unread */
  async markAllRead(userId: number): Promise<ReadAllResponse> {
    const updated = await this.em.nativeUpdate(
      Notification,
      { user: userId, readAt: null },
      { readAt: this.clock.now() },
    );
    return { updated };
  }
}
