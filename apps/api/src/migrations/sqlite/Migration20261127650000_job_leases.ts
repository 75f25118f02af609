import { Migration } from '@mikro-orm/migrations';

/** The schedule and lease of each recurring job, shared by every API process (`JobLease`). */
export class Migration20261127650000JobLeases extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `job_leases` (`name` text not null, `next_run_at` datetime not null, `leased_by` text null, `leased_until` datetime null, `last_run_at` datetime null, `last_success_at` datetime null, primary key (`name`))',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table `job_leases`');
  }
}
