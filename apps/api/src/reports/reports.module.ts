import { Module } from '@nestjs/common';

import { ReportDayCountsService } from './report-day-counts.service';
import { ReportQueries } from './report-queries';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/**
 * `/api/reports`: the dashboard's summary and per-agent figures (reads the global `SettingsService`),
 * and the report days' upkeep (`ReportDayCountsService`).
 */
@Module({
  controllers: [ReportsController],
  providers: [ReportQueries, ReportsService, ReportDayCountsService],
})
export class ReportsModule {}
