import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';
import { Setting } from './setting.entity';

/** The helpdesk's settings (`/api/settings`); global, since SLA, assignment and reports read them. */
@Global()
@Module({
  controllers: [SettingsController],
  exports: [SettingsService],
  imports: [AuditModule, MikroOrmModule.forFeature([Setting])],
  providers: [SettingsService],
})
export class SettingsModule {}
