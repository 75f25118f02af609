import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { CategoriesModule } from '../categories/categories.module';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Reply } from '../replies/reply.entity';
import { User } from '../users/user.entity';
import { TicketCount } from './ticket-count.entity';
import { TicketNumberSequence } from './ticket-number-sequence.entity';
import { TicketNumbers } from './ticket-numbers.service';
import { Ticket } from './ticket.entity';
import { TicketsController } from './tickets.controller';
import { TicketQueries } from './ticket-queries';
import { TicketsService } from './tickets.service';

/** Tickets, their visibility rule and status workflow; exports the service for replies and assignment. */
@Module({
  controllers: [TicketsController],
  exports: [TicketNumbers, TicketsService],
  imports: [
    CategoriesModule,
    MikroOrmModule.forFeature([Ticket, TicketCount, TicketNumberSequence, Reply, User, IdempotencyKey]),
  ],
  providers: [TicketNumbers, TicketQueries, TicketsService],
})
export class TicketsModule {}
