import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { User } from '../users/user.entity';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit log: {@link AuditService.record} for modules that change users, categories or
 * settings (import this module), and `GET /api/audit` for admins.
 */
@Module({
  controllers: [AuditController],
  exports: [AuditService],
  imports: [MikroOrmModule.forFeature([AuditEvent, User])],
  providers: [AuditService],
})
export class AuditModule {}
