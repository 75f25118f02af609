import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { TicketsModule } from '../tickets/tickets.module';
import { TicketHistoryEvent } from './ticket-history-event.entity';
import { TicketHistoryController } from './ticket-history.controller';
import { TicketHistoryListener } from './ticket-history.listener';
import { TicketHistoryService } from './ticket-history.service';

/** Ticket history: records every change from the ticket events, and serves it per ticket. */
@Module({
  controllers: [TicketHistoryController],
  imports: [MikroOrmModule.forFeature([TicketHistoryEvent]), TicketsModule],
  providers: [TicketHistoryListener, TicketHistoryService],
})
export class TicketHistoryModule {}
