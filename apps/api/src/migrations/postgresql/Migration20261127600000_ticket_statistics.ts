import { Migration } from '@mikro-orm/migrations';

/** Fresh planner statistics for `tickets` after the index migrations before it (see the SQLite twin). */
export class Migration20261127600000TicketStatistics extends Migration {
  override async up(): Promise<void> {
    this.addSql('analyze "tickets"');
  }

  override async down(): Promise<void> {
    // Statistics only guide the planner: nothing to undo.
  }
}
