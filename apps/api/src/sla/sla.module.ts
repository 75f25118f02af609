import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { Ticket } from '../tickets/ticket.entity';
import { SlaAlert } from './sla-alert.entity';
import { SlaCheckJob } from './sla-check.job';
import { SlaClockListener } from './sla-clock.listener';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPoliciesService } from './sla-policies.service';
import { SlaPolicy } from './sla-policy.entity';

/**
 * Service levels: the policies per priority (`/api/sla-policies`), the tickets' SLA clocks kept on
 * every change ({@link SlaClockListener}), and the `sla.check` job that raises at-risk and breach
 * alerts ({@link SlaCheckJob}; notifications and history react to its events).
 */
@Module({
  controllers: [SlaPoliciesController],
  exports: [SlaPoliciesService],
  imports: [AuditModule, MikroOrmModule.forFeature([SlaAlert, SlaPolicy, Ticket])],
  providers: [SlaCheckJob, SlaClockListener, SlaPoliciesService],
})
export class SlaModule {}
