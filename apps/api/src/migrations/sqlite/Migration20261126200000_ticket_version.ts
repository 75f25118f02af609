import { Migration } from '@mikro-orm/migrations';

/** A version per ticket for optimistic locking and `ETag`s; existing tickets start at 1. */
export class Migration20261126200000TicketVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`tickets\` add column \`version\` integer not null default 1`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`tickets\` drop column \`version\``);
  }
}
