import { Migration } from '@mikro-orm/migrations';

/** The first schema: users, tickets, replies and refresh tokens. */
export class Migration20261122000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "users" ("id" serial primary key, "email" varchar(254) not null, "name" varchar(100) not null, "role" text check ("role" in ('customer', 'agent', 'admin')) not null default 'customer', "password_hash" varchar(100) not null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null)`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email")`);
    this.addSql(`create table "tickets" ("id" serial primary key, "subject" varchar(200) not null, "description" text not null, "status" text check ("status" in ('open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed', 'reopened')) not null default 'open', "priority" smallint not null default 1, "category" text check ("category" in ('general', 'technical', 'billing', 'account', 'feature_request')) not null default 'general', "customer_id" int not null, "assignee_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "first_response_at" timestamptz null, "resolved_at" timestamptz null, "closed_at" timestamptz null, "deleted_at" timestamptz null)`);
    this.addSql(`create index "tickets_deleted_at_created_at_index" on "tickets" ("deleted_at", "created_at")`);
    this.addSql(`create index "tickets_status_deleted_at_created_at_index" on "tickets" ("status", "deleted_at", "created_at")`);
    this.addSql(`create index "tickets_customer_deleted_at_created_at_index" on "tickets" ("customer_id", "deleted_at", "created_at")`);
    this.addSql(`create index "tickets_assignee_status_deleted_at_index" on "tickets" ("assignee_id", "status", "deleted_at")`);
    this.addSql(`create table "replies" ("id" serial primary key, "ticket_id" int not null, "author_id" int not null, "content" text not null, "internal" boolean not null default false, "created_at" timestamptz not null)`);
    this.addSql(`create index "replies_ticket_created_at_index" on "replies" ("ticket_id", "created_at")`);
    this.addSql(`create table "refresh_tokens" ("id" serial primary key, "user_id" int not null, "family" varchar(36) not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "created_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null)`);
    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_token_hash_unique" unique ("token_hash")`);
    this.addSql(`create index "refresh_tokens_family_index" on "refresh_tokens" ("family")`);
    this.addSql(`alter table "tickets" add constraint "tickets_customer_id_foreign" foreign key ("customer_id") references "users" ("id") on update cascade on delete restrict`);
    this.addSql(`alter table "tickets" add constraint "tickets_assignee_id_foreign" foreign key ("assignee_id") references "users" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "replies" add constraint "replies_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "replies" add constraint "replies_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete restrict`);
    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "refresh_tokens"`);
    this.addSql(`drop table if exists "replies"`);
    this.addSql(`drop table if exists "tickets"`);
    this.addSql(`drop table if exists "users"`);
  }
}
