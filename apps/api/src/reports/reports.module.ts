import { Module } from '@nestjs/common';

import { ReportQueries } from './report-queries';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** `/api/reports`: the dashboard's summary and per-agent figures (reads the global `SettingsService`). */
@Module({
  controllers: [ReportsController],
  providers: [ReportQueries, ReportsService],
})
export class ReportsModule {}
