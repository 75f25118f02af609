import { Migration } from '@mikro-orm/migrations';

const DAY = `to_char("created_at" at time zone 'UTC', 'YYYYMMDD')`;

/**
 * Ticket records: ticket numbers (existing tickets numbered per UTC day of creation, in creation
 * order), contact number and affected item, managed categories (the five defaults; the ticket's
 * category loses its fixed list), and the ticket history table.
 */
export class Migration20261126100000TicketRecords extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "categories" ("id" serial primary key, "slug" varchar(32) not null, "name" varchar(50) not null, "active" boolean not null default true, "position" int not null default 0)`);
    this.addSql(`alter table "categories" add constraint "categories_slug_unique" unique ("slug")`);
    this.addSql(`insert into "categories" ("slug", "name", "active", "position") values ('general', 'General', true, 0), ('technical', 'Technical', true, 1), ('billing', 'Billing', true, 2), ('account', 'Account', true, 3), ('feature_request', 'Feature request', true, 4)`);

    this.addSql(`alter table "tickets" drop constraint if exists "tickets_category_check"`);
    this.addSql(`alter table "tickets" alter column "category" type varchar(32)`);
    this.addSql(`alter table "tickets" alter column "category" set default 'general'`);

    this.addSql(`alter table "tickets" add column "contact_number" varchar(16) null, add column "affected_item" varchar(200) null`);

    this.addSql(`create table "ticket_number_sequences" ("day" varchar(8) not null, "last" int not null, constraint "ticket_number_sequences_pkey" primary key ("day"))`);
    this.addSql(`alter table "tickets" add column "number" varchar(32) not null default ''`);
    this.addSql(
      `update "tickets" as "t" set "number" = 'TICK-' || "s"."day" || '-' || lpad("s"."seq"::text, 4, '0') from (select "id", ${DAY} as "day", row_number() over (partition by ${DAY} order by "created_at", "id") as "seq" from "tickets") as "s" where "s"."id" = "t"."id"`,
    );
    this.addSql(`insert into "ticket_number_sequences" ("day", "last") select ${DAY}, count(*) from "tickets" group by ${DAY}`);
    this.addSql(`alter table "tickets" add constraint "tickets_number_unique" unique ("number")`);

    this.addSql(`create table "ticket_history" ("id" serial primary key, "ticket_id" int not null, "at" timestamptz not null, "actor_id" int null, "system" boolean not null default false, "type" text check ("type" in ('created', 'status_changed', 'priority_changed', 'category_changed', 'assigned', 'unassigned', 'edited', 'reply_added', 'internal_note_added', 'deleted')) not null, "field" varchar(32) null, "from_value" text null, "to_value" text null, "internal" boolean not null default false)`);
    this.addSql(`create index "ticket_history_ticket_at_index" on "ticket_history" ("ticket_id", "at")`);
    this.addSql(`alter table "ticket_history" add constraint "ticket_history_ticket_id_foreign" foreign key ("ticket_id") references "tickets" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "ticket_history" add constraint "ticket_history_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null`);
    this.addSql(`insert into "ticket_history" ("ticket_id", "at", "actor_id", "system", "type", "internal") select "id", "created_at", "customer_id", false, 'created', false from "tickets"`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ticket_history"`);
    this.addSql(`alter table "tickets" drop constraint if exists "tickets_number_unique"`);
    this.addSql(`alter table "tickets" drop column "number", drop column "affected_item", drop column "contact_number"`);
    this.addSql(`drop table if exists "ticket_number_sequences"`);
    this.addSql(`drop table if exists "categories"`);
  }
}
