import { Migration } from '@mikro-orm/migrations';

/** Ticket attachments: one row per upload, the bytes content-addressed by SHA-256 in the attachment storage. */
export class Migration20261127990000Attachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "attachments" ("id" serial primary key, "ticket_id" int not null, "reply_id" int null, "uploaded_by_id" int not null, "filename" varchar(255) not null, "content_type" varchar(127) not null, "size" int not null, "sha256" varchar(64) not null, "storage_key" varchar(255) not null, "has_preview" boolean not null default false, "internal" boolean not null default false, "created_at" timestamptz not null)`);
    this.addSql(`create index "attachments_ticket_created_at_index" on "attachments" ("ticket_id", "created_at")`);
    this.addSql(`create index "attachments_sha256_index" on "attachments" ("sha256")`);
    this.addSql(`create index "attachments_reply_id_created_at_index" on "attachments" ("reply_id", "created_at")`);
    this.addSql(`alter table "attachments" add constraint "attachments_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "attachments" add constraint "attachments_reply_id_foreign" foreign key ("reply_id") references "replies" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "attachments" add constraint "attachments_uploaded_by_id_foreign" foreign key ("uploaded_by_id") references "users" ("id") on update cascade on delete restrict`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "attachments"`);
  }
}
