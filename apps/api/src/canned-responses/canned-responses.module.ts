import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { User } from '../users/user.entity';
import { CannedResponse } from './canned-response.entity';
import { CannedResponsesController } from './canned-responses.controller';
import { CannedResponsesService } from './canned-responses.service';

/** Canned responses of staff (`/api/canned-responses`); changes to shared ones are audited. */
@Module({
  controllers: [CannedResponsesController],
  imports: [AuditModule, MikroOrmModule.forFeature([CannedResponse, User])],
  providers: [CannedResponsesService],
})
export class CannedResponsesModule {}
