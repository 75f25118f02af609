import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';

import { PasswordToken } from '../auth/password-token.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { JobLease } from './job-lease.entity';
import { PurgeExpiredJob } from './purge-expired.job';
import { ScheduledJobs } from './scheduled-jobs.service';

/**
 * Recurring jobs that run once across replicas ({@link ScheduledJobs}); global, so any module may
 * register one. Holds the `maintenance.purge` job ({@link PurgeExpiredJob}).
 */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature([IdempotencyKey, JobLease, PasswordToken, RefreshToken])],
  providers: [PurgeExpiredJob, ScheduledJobs],
  exports: [ScheduledJobs],
})
export class JobsModule {}
