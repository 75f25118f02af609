import { Migration } from '@mikro-orm/migrations';

/** Notifications (in-app centre), the e-mail outbox, and each user's e-mail preference. */
export class Migration20261122100000Notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "email_notifications" boolean not null default true`);
    this.addSql(`create table "notifications" ("id" serial primary key, "user_id" int not null, "type" text check ("type" in ('ticket.created', 'ticket.assigned', 'ticket.status_changed', 'ticket.replied', 'ticket.note_added', 'ticket.updated')) not null, "ticket_id" int not null, "title" varchar(300) not null, "body" text not null, "created_at" timestamptz not null, "read_at" timestamptz null)`);
    this.addSql(`create index "notifications_user_created_index" on "notifications" ("user_id", "created_at")`);
    this.addSql(`create index "notifications_user_read_created_index" on "notifications" ("user_id", "read_at", "created_at")`);
    this.addSql(`alter table "notifications" add constraint "notifications_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "notifications" add constraint "notifications_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade`);
    this.addSql(`create table "outbox_messages" ("id" serial primary key, "to" varchar(254) not null, "subject" varchar(400) not null, "text" text not null, "html" text not null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "sent_at" timestamptz null, "failed_at" timestamptz null, "last_error" text null, "created_at" timestamptz not null)`);
    this.addSql(`create index "outbox_messages_next_attempt_at_index" on "outbox_messages" ("next_attempt_at")`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox_messages"`);
    this.addSql(`drop table if exists "notifications"`);
    this.addSql(`alter table "users" drop column "email_notifications"`);
  }
}
