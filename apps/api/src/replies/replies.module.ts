import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AttachmentsModule } from '../attachments/attachments.module';
import { TicketsModule } from '../tickets/tickets.module';
import { RepliesController } from './replies.controller';
import { RepliesService } from './replies.service';
import { Reply } from './reply.entity';

/** Replies and internal notes on tickets. */
@Module({
  controllers: [RepliesController],
  imports: [AttachmentsModule, MikroOrmModule.forFeature([Reply]), TicketsModule],
  providers: [RepliesService],
})
export class RepliesModule {}
