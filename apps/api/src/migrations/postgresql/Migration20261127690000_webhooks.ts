import { Migration } from '@mikro-orm/migrations';

/** Outgoing webhooks and their deliveries (the webhook outbox). */
export class Migration20261127690000Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "webhooks" ("id" serial primary key, "url" varchar(2000) not null, "events" varchar(200) not null, "secret" varchar(200) not null, "active" boolean not null, "include_internal_notes" boolean not null, "consecutive_failures" int not null default 0, "disabled_reason" varchar(300) null, "created_at" timestamptz not null, "updated_at" timestamptz not null)',
    );
    this.addSql(
      'create table "webhook_deliveries" ("id" serial primary key, "webhook_id" int not null, "delivery_id" varchar(36) not null, "event" varchar(50) not null, "payload" text not null, "status" varchar(16) not null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "claim_token" varchar(36) null, "last_status_code" int null, "last_error" varchar(500) null, "last_attempt_at" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null)',
    );
    this.addSql(
      'create index "webhook_deliveries_next_attempt_at_index" on "webhook_deliveries" ("next_attempt_at")',
    );
    this.addSql(
      'create index "webhook_deliveries_webhook_id_id_index" on "webhook_deliveries" ("webhook_id", "id")',
    );
    this.addSql(
      'alter table "webhook_deliveries" add constraint "webhook_deliveries_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete cascade',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table "webhook_deliveries"');
    this.addSql('drop table "webhooks"');
  }
}
