import { Migration } from '@mikro-orm/migrations';

/** Notifications (in-app centre), the e-mail outbox, and each user's e-mail preference. */
export class Migration20261122100000Notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` add column \`email_notifications\` integer not null default true`);
    this.addSql(`create table \`notifications\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`type\` text check (\`type\` in ('ticket.created', 'ticket.assigned', 'ticket.status_changed', 'ticket.replied', 'ticket.note_added', 'ticket.updated')) not null, \`ticket_id\` integer not null, \`title\` text not null, \`body\` text not null, \`created_at\` datetime not null, \`read_at\` datetime null, constraint \`notifications_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`notifications_ticket_id_foreign\` foreign key(\`ticket_id\`) references \`tickets\`(\`id\`) on delete cascade on update cascade)`);
    this.addSql(`create index \`notifications_ticket_id_index\` on \`notifications\` (\`ticket_id\`)`);
    this.addSql(`create index \`notifications_user_created_index\` on \`notifications\` (\`user_id\`, \`created_at\`)`);
    this.addSql(`create index \`notifications_user_read_created_index\` on \`notifications\` (\`user_id\`, \`read_at\`, \`created_at\`)`);
    this.addSql(`create table \`outbox_messages\` (\`id\` integer not null primary key autoincrement, \`to\` text not null, \`subject\` text not null, \`text\` text not null, \`html\` text not null, \`attempts\` integer not null default 0, \`next_attempt_at\` datetime null, \`sent_at\` datetime null, \`failed_at\` datetime null, \`last_error\` text null, \`created_at\` datetime not null)`);
    this.addSql(`create index \`outbox_messages_next_attempt_at_index\` on \`outbox_messages\` (\`next_attempt_at\`)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`outbox_messages\``);
    this.addSql(`drop table if exists \`notifications\``);
    this.addSql(`alter table \`users\` drop column \`email_notifications\``);
  }
}
