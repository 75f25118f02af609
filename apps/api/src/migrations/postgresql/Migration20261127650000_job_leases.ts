import { Migration } from '@mikro-orm/migrations';

/** The schedule and lease of each recurring job, shared by every API process (`JobLease`). */
export class Migration20261127650000JobLeases extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "job_leases" ("name" varchar(100) not null, "next_run_at" timestamptz not null, "leased_by" varchar(36) null, "leased_until" timestamptz null, "last_run_at" timestamptz null, "last_success_at" timestamptz null, primary key ("name"))',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table "job_leases"');
  }
}
