import { Migration } from '@mikro-orm/migrations';

/** The token of the claim an outbox worker holds on a message while it sends it (batch claims). */
export class Migration20261127100000OutboxClaimToken extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_messages" add column "claim_token" varchar(36) null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_messages" drop column "claim_token"`);
  }
}
