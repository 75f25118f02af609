import { Migration } from '@mikro-orm/migrations';

/**
 * Automation (issue 9): users' availability for automatic assignment (agents available, admins
 * not until they say so, customers never) and when each was last assigned a ticket; the pointer of
 * round-robin assignment; an index for the `tickets.auto_close` job's scan of resolved tickets by
 * resolution time, with fresh planner statistics (see `Migration20261127600000_ticket_statistics`
 * for why). Resolved tickets without a resolution time (none should exist) take their last change
 * as one, so that auto-close reaches them.
 */
export class Migration20261127950000Automation extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `users` add column `available` integer not null default false');
    this.addSql('alter table `users` add column `last_assigned_at` datetime null');
    this.addSql("update `users` set `available` = true where `role` = 'agent'");
    this.addSql(
      'create table `assignment_pointers` (`name` text not null, `last_user_id` integer null, `updated_at` datetime null, primary key (`name`))',
    );
    this.addSql(
      "update `tickets` set `resolved_at` = `updated_at` where `status` = 'resolved' and `resolved_at` is null",
    );
    this.addSql(
      'create index `tickets_status_deleted_at_resolved_at_index` on `tickets` (`status`, `deleted_at`, `resolved_at`)',
    );
    this.addSql('pragma analysis_limit = 1000');
    this.addSql('analyze `tickets`');
  }

  override async down(): Promise<void> {
    this.addSql('drop index `tickets_status_deleted_at_resolved_at_index`');
    this.addSql('drop table `assignment_pointers`');
    this.addSql('alter table `users` drop column `last_assigned_at`');
    this.addSql('alter table `users` drop column `available`');
  }
}
