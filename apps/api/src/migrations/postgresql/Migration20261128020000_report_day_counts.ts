import { Migration } from '@mikro-orm/migrations';

import { postgresReportDayCounts } from '../../reports/report-day-counts.sql';

/**
 * `report_day_counts`: how many tickets count under each report figure per UTC day, priority,
 * category and assignee, kept by triggers in the transaction that changes a ticket and filled once
 * from the tickets there are (see `ReportDayCount` and `report-day-counts.sql.ts`).
 */
export class Migration20261128020000ReportDayCounts extends Migration {
  override async up(): Promise<void> {
    for (const statement of postgresReportDayCounts()) this.addSql(statement);
  }

  override async down(): Promise<void> {
    // Which days the table was counted by (written by `ReportDayCountsService`): gone with it.
    this.addSql("delete from settings where key = 'reportDays'");
    this.addSql('drop trigger report_day_counts_maintain on tickets');
    this.addSql('drop function report_day_counts_maintain()');
    this.addSql('drop table "report_day_counts"');
  }
}
