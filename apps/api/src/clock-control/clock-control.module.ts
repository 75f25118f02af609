import { DynamicModule, Module } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { ClockControlController } from './clock-control.controller';

/** `PUT /api/testing/clock` when `CLOCK_CONTROL=true` (tests only); nothing otherwise. */
@Module({})
export class ClockControlModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ClockControlModule, controllers: config.clockControl ? [ClockControlController] : [] };
  }
}
