import { Migration } from '@mikro-orm/migrations';

/** The UTC day (`YYYYMMDD`) of a `created_at` column, which MikroORM stores in ms since the epoch on SQLite. */
const DAY = "strftime('%Y%m%d', `created_at` / 1000, 'unixepoch')";

/**
 * Ticket records: ticket numbers (existing tickets numbered per UTC day of creation, in creation
 * order), contact number and affected item, managed categories (the five defaults; the ticket's
 * category loses its fixed list), and the ticket history table.
 */
export class Migration20261126100000TicketRecords extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`categories\` (\`id\` integer not null primary key autoincrement, \`slug\` text not null, \`name\` text not null, \`active\` integer not null default true, \`position\` integer not null default 0)`);
    this.addSql(`create unique index \`categories_slug_unique\` on \`categories\` (\`slug\`)`);
    this.addSql(`insert into \`categories\` (\`slug\`, \`name\`, \`active\`, \`position\`) values ('general', 'General', true, 0), ('technical', 'Technical', true, 1), ('billing', 'Billing', true, 2), ('account', 'Account', true, 3), ('feature_request', 'Feature request', true, 4)`);

    // SQLite cannot drop a CHECK constraint; a column can be dropped with its own, so move the values over.
    this.addSql(`alter table \`tickets\` rename column \`category\` to \`category_fixed\``);
    this.addSql(`alter table \`tickets\` add column \`category\` text not null default 'general'`);
    this.addSql(`update \`tickets\` set \`category\` = \`category_fixed\``);
    this.addSql(`alter table \`tickets\` drop column \`category_fixed\``);

    this.addSql(`alter table \`tickets\` add column \`contact_number\` text null`);
    this.addSql(`alter table \`tickets\` add column \`affected_item\` text null`);

    this.addSql(`create table \`ticket_number_sequences\` (\`day\` text not null, \`last\` integer not null, primary key (\`day\`))`);
    this.addSql(`alter table \`tickets\` add column \`number\` text not null default ''`);
    this.addSql(
      `update \`tickets\` set \`number\` = (select 'TICK-' || \`s\`.\`day\` || '-' || printf('%04d', \`s\`.\`seq\`) from (select \`id\`, ${DAY} as \`day\`, row_number() over (partition by ${DAY} order by \`created_at\`, \`id\`) as \`seq\` from \`tickets\`) as \`s\` where \`s\`.\`id\` = \`tickets\`.\`id\`)`,
    );
    this.addSql(`insert into \`ticket_number_sequences\` (\`day\`, \`last\`) select ${DAY}, count(*) from \`tickets\` group by ${DAY}`);
    this.addSql(`create unique index \`tickets_number_unique\` on \`tickets\` (\`number\`)`);

    this.addSql(`create table \`ticket_history\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`at\` datetime not null, \`actor_id\` integer null, \`system\` integer not null default false, \`type\` text check (\`type\` in ('created', 'status_changed', 'priority_changed', 'category_changed', 'assigned', 'unassigned', 'edited', 'reply_added', 'internal_note_added', 'deleted')) not null, \`field\` text null, \`from_value\` text null, \`to_value\` text null, \`internal\` integer not null default false, constraint \`ticket_history_ticket_id_foreign\` foreign key(\`ticket_id\`) references \`tickets\`(\`id\`) on delete cascade on update cascade, constraint \`ticket_history_actor_id_foreign\` foreign key(\`actor_id\`) references \`users\`(\`id\`) on delete set null on update cascade)`);
    this.addSql(`create index \`ticket_history_ticket_id_index\` on \`ticket_history\` (\`ticket_id\`)`);
    this.addSql(`create index \`ticket_history_actor_id_index\` on \`ticket_history\` (\`actor_id\`)`);
    this.addSql(`create index \`ticket_history_ticket_at_index\` on \`ticket_history\` (\`ticket_id\`, \`at\`)`);
    // Tickets from before this migration start their history with their creation.
    this.addSql(`insert into \`ticket_history\` (\`ticket_id\`, \`at\`, \`actor_id\`, \`system\`, \`type\`, \`internal\`) select \`id\`, \`created_at\`, \`customer_id\`, false, 'created', false from \`tickets\``);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`ticket_history\``);
    this.addSql(`drop index if exists \`tickets_number_unique\``);
    this.addSql(`alter table \`tickets\` drop column \`number\``);
    this.addSql(`drop table if exists \`ticket_number_sequences\``);
    this.addSql(`alter table \`tickets\` drop column \`affected_item\``);
    this.addSql(`alter table \`tickets\` drop column \`contact_number\``);
    this.addSql(`drop table if exists \`categories\``);
  }
}
