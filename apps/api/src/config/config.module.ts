import { DynamicModule, Global, Module } from '@nestjs/common';

import { Clock, ControllableClock } from '../common/clock';
import { APP_CONFIG, AppConfig } from './app-config';

/**
 * Provides the validated {@link AppConfig} under {@link APP_CONFIG}, and the {@link Clock} (a
 * {@link ControllableClock} with `CLOCK_CONTROL=true`), to every module.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      exports: [APP_CONFIG, Clock],
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        config.clockControl ? { provide: Clock, useClass: ControllableClock } : Clock,
      ],
    };
  }
}
