import { Migration } from '@mikro-orm/migrations';

/**
 * The inbound e-mail channel: `inbound_messages` (one row per received `Message-ID`, so a second
 * delivery is a no-op) and the ticket an outbox message tells of (`outbox_messages.ticket_id`), so
 * an e-mail reply to a notification threads onto its ticket.
 */
export class Migration20261128000000InboundMail extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "inbound_messages" ("id" serial primary key, "message_id" varchar(500) not null, "status" text check ("status" in ('processing', 'ticket_created', 'replied', 'ignored', 'rejected', 'failed')) not null default 'processing', "sender" varchar(254) null, "ticket_id" int null, "detail" text null, "received_at" timestamptz not null, "processed_at" timestamptz null)`,
    );
    this.addSql(
      `alter table "inbound_messages" add constraint "inbound_messages_message_id_unique" unique ("message_id")`,
    );
    this.addSql(`alter table "outbox_messages" add column "ticket_id" int null`);
    this.addSql(
      `alter table "outbox_messages" add constraint "outbox_messages_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete set null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_messages" drop constraint "outbox_messages_ticket_id_foreign"`);
    this.addSql(`alter table "outbox_messages" drop column "ticket_id"`);
    this.addSql(`drop table if exists "inbound_messages"`);
  }
}
