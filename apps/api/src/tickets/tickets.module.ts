import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { Reply } from '../replies/reply.entity';
import { User } from '../users/user.entity';
import { Ticket } from './ticket.entity';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

/** Tickets, their visibility rule and status workflow; exports the service for replies and assignment. */
@Module({
  controllers: [TicketsController],
  exports: [TicketsService],
  imports: [MikroOrmModule.forFeature([Ticket, Reply, User])],
  providers: [TicketsService],
})
export class TicketsModule {}
