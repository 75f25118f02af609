import { Migration } from '@mikro-orm/migrations';

/** The old `name`, trimmed. */
const NAME = 'trim(`name`)';
/** Everything up to and including its last space ('' when there is none): the characters that are not spaces, trimmed from the right. */
const HEAD = `rtrim(${NAME}, replace(${NAME}, ' ', ''))`;

/**
 * Users and administration: `users.name` becomes `first_name` and `last_name` (split on the last
 * space; a single word is the first name with an empty last name; each cut to 50 characters),
 * password tokens (resets and invitations) and the audit log.
 */
export class Migration20261126000000UsersAdmin extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` add column \`first_name\` text not null default ''`);
    this.addSql(`alter table \`users\` add column \`last_name\` text not null default ''`);
    this.addSql(
      `update \`users\` set \`first_name\` = case when ${HEAD} = '' then rtrim(substr(${NAME}, 1, 50)) else rtrim(substr(rtrim(${HEAD}), 1, 50)) end, \`last_name\` = case when ${HEAD} = '' then '' else rtrim(substr(${NAME}, length(${HEAD}) + 1, 50)) end`,
    );
    this.addSql(`alter table \`users\` drop column \`name\``);

    this.addSql(`create table \`password_tokens\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`purpose\` text not null, \`token_hash\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`created_at\` datetime not null, constraint \`password_tokens_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade)`);
    this.addSql(`create index \`password_tokens_user_id_index\` on \`password_tokens\` (\`user_id\`)`);
    this.addSql(`create unique index \`password_tokens_token_hash_unique\` on \`password_tokens\` (\`token_hash\`)`);

    this.addSql(`create table \`audit_events\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`actor_id\` integer null, \`action\` text not null, \`target_type\` text not null, \`target_id\` integer not null, \`changes\` json not null, constraint \`audit_events_actor_id_foreign\` foreign key(\`actor_id\`) references \`users\`(\`id\`) on delete set null on update cascade)`);
    this.addSql(`create index \`audit_events_actor_id_index\` on \`audit_events\` (\`actor_id\`)`);
    this.addSql(`create index \`audit_events_target_index\` on \`audit_events\` (\`target_type\`, \`target_id\`)`);
    this.addSql(`create index \`audit_events_at_index\` on \`audit_events\` (\`at\`)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`audit_events\``);
    this.addSql(`drop table if exists \`password_tokens\``);
    this.addSql(`alter table \`users\` add column \`name\` text not null default ''`);
    this.addSql(`update \`users\` set \`name\` = trim(\`first_name\` || ' ' || \`last_name\`)`);
    this.addSql(`alter table \`users\` drop column \`first_name\``);
    this.addSql(`alter table \`users\` drop column \`last_name\``);
  }
}
