import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { Category } from '../categories/category.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { RepliesService } from '../replies/replies.service';
import { Ticket } from '../tickets/ticket.entity';
import { TicketsModule } from '../tickets/tickets.module';
import { User } from '../users/user.entity';
import { ImapPoller } from './imap-poller';
import { InboundMailPipeline } from './inbound-mail.pipeline';
import { InboundMessage } from './inbound-message.entity';
import { InboundSmtpListener } from './inbound-smtp.listener';
import { InboundSpool } from './inbound-spool';

/**
 * The inbound e-mail channel: tickets and replies by e-mail, received by an embedded SMTP listener
 * (`INBOUND_SMTP_PORT`) and/or polled from an IMAP mailbox (`IMAP_URL`), both feeding one pipeline
 * that writes through the tickets and replies services. Off unless one of the two is configured.
 */
@Module({
  imports: [
    AttachmentsModule,
    AuthModule,
    MikroOrmModule.forFeature([Category, InboundMessage, OutboxMessage, Ticket, User]),
    TicketsModule,
  ],
  // The replies service is the REST API's own (not exported by its module): the same rules, no copy.
  providers: [ImapPoller, InboundMailPipeline, InboundSmtpListener, InboundSpool, RepliesService],
})
export class InboundMailModule {}
