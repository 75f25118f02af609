import { Module } from '@nestjs/common';

import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** The health endpoints: `/api/health`, and the liveness and readiness probes. */
@Module({ controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
