import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { TicketsModule } from '../tickets/tickets.module';
import { User } from '../users/user.entity';
import { AssignmentController } from './assignment.controller';
import { AssignmentService } from './assignment.service';

/** Assigning tickets to agents. */
@Module({
  controllers: [AssignmentController],
  imports: [MikroOrmModule.forFeature([User]), TicketsModule],
  providers: [AssignmentService],
})
export class AssignmentModule {}
