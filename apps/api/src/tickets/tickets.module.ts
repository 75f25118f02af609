import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AutoAssignmentModule } from '../assignment/auto-assignment.module';
import { CategoriesModule } from '../categories/categories.module';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Reply } from '../replies/reply.entity';
import { User } from '../users/user.entity';
import { AutoCloseJob } from './auto-close.job';
import { TicketCount } from './ticket-count.entity';
import { TicketNumberSequence } from './ticket-number-sequence.entity';
import { TicketNumbers } from './ticket-numbers.service';
import { Ticket } from './ticket.entity';
import { TicketsController } from './tickets.controller';
import { TicketQueries } from './ticket-queries';
import { TicketsService } from './tickets.service';

/**
 * Tickets, their visibility rule and status workflow (with the `tickets.auto_close` job); exports
 * the service for replies and assignment.
 */
@Module({
  controllers: [TicketsController],
  exports: [TicketNumbers, TicketsService],
  imports: [
    AutoAssignmentModule,
    CategoriesModule,
    MikroOrmModule.forFeature([Ticket, TicketCount, TicketNumberSequence, Reply, User, IdempotencyKey]),
  ],
  providers: [AutoCloseJob, TicketNumbers, TicketQueries, TicketsService],
})
export class TicketsModule {}
