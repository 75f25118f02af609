import { Module } from '@nestjs/common';

import { HealthController } from './health.controller';

/** The health endpoint. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
