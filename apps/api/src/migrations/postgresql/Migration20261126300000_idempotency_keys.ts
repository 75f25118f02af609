import { Migration } from '@mikro-orm/migrations';

/** `Idempotency-Key`s of creating requests, with the answers they got (kept 24 hours). */
export class Migration20261126300000IdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_keys" ("id" serial primary key, "user_id" int not null, "scope" varchar(300) not null, "key" varchar(255) not null, "request_hash" varchar(64) not null, "status_code" int null, "response_body" text null, "created_at" timestamptz not null)`);
    this.addSql(`create index "idempotency_keys_created_at_index" on "idempotency_keys" ("created_at")`);
    this.addSql(`alter table "idempotency_keys" add constraint "idempotency_keys_user_scope_key_unique" unique ("user_id", "scope", "key")`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_keys"`);
  }
}
