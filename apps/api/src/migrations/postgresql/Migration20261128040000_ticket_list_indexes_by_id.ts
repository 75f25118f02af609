import { Migration } from '@mikro-orm/migrations';

/** Each list index: its name and its columns, before and after this migration. */
const BEFORE: Array<[string, string]> = [
  ['tickets_deleted_at_created_at_index', '"deleted_at", "created_at"'],
  ['tickets_deleted_at_updated_at_index', '"deleted_at", "updated_at"'],
  ['tickets_status_deleted_at_created_at_index', '"status", "deleted_at", "created_at"'],
  ['tickets_customer_deleted_at_created_at_index', '"customer_id", "deleted_at", "created_at"'],
  ['tickets_assignee_status_deleted_at_created_at_index', '"assignee_id", "status", "deleted_at", "created_at"'],
  ['tickets_assignee_deleted_at_created_at_index', '"assignee_id", "deleted_at", "created_at"'],
  ['tickets_deleted_at_sla_due_at_index', '"deleted_at", "sla_due_at"'],
];
const AFTER: Array<[string, string]> = [
  ['tickets_deleted_at_created_at_index', '"deleted_at", "created_at", "id"'],
  ['tickets_deleted_at_updated_at_index', '"deleted_at", "updated_at", "id"'],
  ['tickets_status_deleted_at_created_at_index', '"status", "deleted_at", "created_at", "id"'],
  ['tickets_customer_deleted_at_created_at_index', '"customer_id", "deleted_at", "created_at", "id"'],
  ['tickets_assignee_status_deleted_at_created_at_index', '"assignee_id", "status", "deleted_at", "created_at", "id"'],
  ['tickets_assignee_deleted_at_created_at_index', '"assignee_id", "deleted_at", "created_at", "id"'],
  ['tickets_deleted_at_sla_due_at_index', '"deleted_at", "sla_due_at", "id"'],
];

/**
 * The lists' indexes end with `id`, their tie-breaker (`order by created_at desc, id desc`, and
 * likewise for `updated_at` and the SLA due time): PostgreSQL could not read a page in order from
 * `(deleted_at, created_at)` and sorted every matching ticket instead (100,000 tickets: a seq scan
 * and a top-N sort, 35 to 53 ms for the queue's first page, 10 pages a second at 50 connections).
 * The indexes are built again under their names, in the migrations' transaction: `drop index` locks
 * the table against reads and writes alike until it commits, 5 s in all at a million tickets on a
 * 2-core machine, so upgrade a large helpdesk in a quiet moment.
 */
export class Migration20261128040000TicketListIndexesById extends Migration {
  override async up(): Promise<void> {
    this.rebuild(AFTER);
    this.addSql('analyze "tickets"');
  }

  override async down(): Promise<void> {
    this.rebuild(BEFORE);
  }

  /** Drops each index and creates it again on `columns`. */
  private rebuild(indexes: Array<[string, string]>): void {
    for (const [name, columns] of indexes) {
      this.addSql(`drop index "${name}"`);
      this.addSql(`create index "${name}" on "tickets" (${columns})`);
    }
  }
}
