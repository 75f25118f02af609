import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { TicketsModule } from '../tickets/tickets.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { MailTransport } from './mail.transport';
import { Notification } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsGateway } from './notifications.gateway';
import { NotificationsListener } from './notifications.listener';
import { NotificationsService } from './notifications.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxWorker } from './outbox.worker';

/**
 * Notifications: listens to the ticket domain events, writes in-app notifications and outgoing
 * e-mail in the same transaction as the change, pushes them over socket.io once committed, serves
 * the notification centre and sends the e-mail outbox.
 */
@Module({
  controllers: [NotificationsController],
  imports: [
    AuthModule,
    MikroOrmModule.forFeature([Notification, OutboxMessage, User]),
    TicketsModule,
    UsersModule,
  ],
  providers: [MailTransport, NotificationsGateway, NotificationsListener, NotificationsService, OutboxWorker],
})
export class NotificationsModule {}
