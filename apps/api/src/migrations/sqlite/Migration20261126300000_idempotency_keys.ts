import { Migration } from '@mikro-orm/migrations';

/** `Idempotency-Key`s of creating requests, with the answers they got (kept 24 hours). */
export class Migration20261126300000IdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`idempotency_keys\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`scope\` text not null, \`key\` text not null, \`request_hash\` text not null, \`status_code\` integer null, \`response_body\` text null, \`created_at\` datetime not null)`);
    this.addSql(`create index \`idempotency_keys_created_at_index\` on \`idempotency_keys\` (\`created_at\`)`);
    this.addSql(`create unique index \`idempotency_keys_user_scope_key_unique\` on \`idempotency_keys\` (\`user_id\`, \`scope\`, \`key\`)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`idempotency_keys\``);
  }
}
