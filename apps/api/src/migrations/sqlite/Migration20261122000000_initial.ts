import { Migration } from '@mikro-orm/migrations';

/** The first schema: users, tickets, replies and refresh tokens. */
export class Migration20261122000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`users\` (\`id\` integer not null primary key autoincrement, \`email\` text not null, \`name\` text not null, \`role\` text check (\`role\` in ('customer', 'agent', 'admin')) not null default 'customer', \`password_hash\` text not null, \`active\` integer not null default true, \`created_at\` datetime not null, \`updated_at\` datetime not null)`);
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`)`);
    this.addSql(`create table \`tickets\` (\`id\` integer not null primary key autoincrement, \`subject\` text not null, \`description\` text not null, \`status\` text check (\`status\` in ('open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed', 'reopened')) not null default 'open', \`priority\` integer not null default 1, \`category\` text check (\`category\` in ('general', 'technical', 'billing', 'account', 'feature_request')) not null default 'general', \`customer_id\` integer not null, \`assignee_id\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`first_response_at\` datetime null, \`resolved_at\` datetime null, \`closed_at\` datetime null, \`deleted_at\` datetime null, constraint \`tickets_customer_id_foreign\` foreign key(\`customer_id\`) references \`users\`(\`id\`) on delete restrict on update cascade, constraint \`tickets_assignee_id_foreign\` foreign key(\`assignee_id\`) references \`users\`(\`id\`) on delete set null on update cascade)`);
    this.addSql(`create index \`tickets_customer_id_index\` on \`tickets\` (\`customer_id\`)`);
    this.addSql(`create index \`tickets_assignee_id_index\` on \`tickets\` (\`assignee_id\`)`);
    this.addSql(`create index \`tickets_deleted_at_created_at_index\` on \`tickets\` (\`deleted_at\`, \`created_at\`)`);
    this.addSql(`create index \`tickets_status_deleted_at_created_at_index\` on \`tickets\` (\`status\`, \`deleted_at\`, \`created_at\`)`);
    this.addSql(`create index \`tickets_customer_deleted_at_created_at_index\` on \`tickets\` (\`customer_id\`, \`deleted_at\`, \`created_at\`)`);
    this.addSql(`create index \`tickets_assignee_status_deleted_at_index\` on \`tickets\` (\`assignee_id\`, \`status\`, \`deleted_at\`)`);
    this.addSql(`create table \`replies\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`author_id\` integer not null, \`content\` text not null, \`internal\` integer not null default false, \`created_at\` datetime not null, constraint \`replies_ticket_id_foreign\` foreign key(\`ticket_id\`) references \`tickets\`(\`id\`) on delete cascade on update cascade, constraint \`replies_author_id_foreign\` foreign key(\`author_id\`) references \`users\`(\`id\`) on delete restrict on update cascade)`);
    this.addSql(`create index \`replies_ticket_id_index\` on \`replies\` (\`ticket_id\`)`);
    this.addSql(`create index \`replies_author_id_index\` on \`replies\` (\`author_id\`)`);
    this.addSql(`create index \`replies_ticket_created_at_index\` on \`replies\` (\`ticket_id\`, \`created_at\`)`);
    this.addSql(`create table \`refresh_tokens\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`family\` text not null, \`token_hash\` text not null, \`expires_at\` datetime not null, \`created_at\` datetime not null, \`used_at\` datetime null, \`revoked_at\` datetime null, constraint \`refresh_tokens_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade)`);
    this.addSql(`create index \`refresh_tokens_user_id_index\` on \`refresh_tokens\` (\`user_id\`)`);
    this.addSql(`create unique index \`refresh_tokens_token_hash_unique\` on \`refresh_tokens\` (\`token_hash\`)`);
    this.addSql(`create index \`refresh_tokens_family_index\` on \`refresh_tokens\` (\`family\`)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`refresh_tokens\``);
    this.addSql(`drop table if exists \`replies\``);
    this.addSql(`drop table if exists \`tickets\``);
    this.addSql(`drop table if exists \`users\``);
  }
}
