import { Migration } from '@mikro-orm/migrations';

/**
 * The durations of each kind in their own order, with the period's column and the report filters
 * beside them. SQLite reads exact percentiles of a long period from them without sorting it (see
 * `ReportQueries.percentiles`); PostgreSQL computes them with `percentile_cont` and has them so
 * that both databases build one schema from the entities.
 */
export class Migration20261128010000ReportPercentileIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index "tickets_report_first_response_minutes_index" on "tickets" ("deleted_at", "first_response_minutes", "first_response_at", "assignee_id", "priority", "category")',
    );
    this.addSql(
      'create index "tickets_report_resolution_minutes_index" on "tickets" ("deleted_at", "resolution_minutes", "resolved_at", "assignee_id", "priority", "category")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index "tickets_report_first_response_minutes_index"');
    this.addSql('drop index "tickets_report_resolution_minutes_index"');
  }
}
