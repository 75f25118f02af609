import { Migration } from '@mikro-orm/migrations';

/**
 * Automation (issue 9): see the SQLite twin. PostgreSQL keeps its statistics per column, which
 * the new index's columns already have, so nothing is re-analysed.
 */
export class Migration20261127950000Automation extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "users" add column "available" boolean not null default false');
    this.addSql('alter table "users" add column "last_assigned_at" timestamptz null');
    this.addSql(`update "users" set "available" = true where "role" = 'agent'`);
    this.addSql(
      'create table "assignment_pointers" ("name" varchar(32) not null, "last_user_id" int null, "updated_at" timestamptz null, constraint "assignment_pointers_pkey" primary key ("name"))',
    );
    this.addSql(
      `update "tickets" set "resolved_at" = "updated_at" where "status" = 'resolved' and "resolved_at" is null`,
    );
    this.addSql(
      'create index "tickets_status_deleted_at_resolved_at_index" on "tickets" ("status", "deleted_at", "resolved_at")',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index "tickets_status_deleted_at_resolved_at_index"');
    this.addSql('drop table "assignment_pointers"');
    this.addSql('alter table "users" drop column "last_assigned_at"');
    this.addSql('alter table "users" drop column "available"');
  }
}
