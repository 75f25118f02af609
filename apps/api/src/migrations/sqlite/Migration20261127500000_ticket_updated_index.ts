import { Migration } from '@mikro-orm/migrations';

/**
 * Incremental export (`updatedSince` with `sort=updatedAt`) and the "recently updated" sort read
 * tickets in `updated_at` order from an index instead of sorting them all.
 */
export class Migration20261127500000TicketUpdatedIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index `tickets_deleted_at_updated_at_index` on `tickets` (`deleted_at`, `updated_at`)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index `tickets_deleted_at_updated_at_index`');
  }
}
