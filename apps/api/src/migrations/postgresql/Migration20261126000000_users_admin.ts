import { Migration } from '@mikro-orm/migrations';

/** The old `name`, trimmed. */
const NAME = 'btrim("name")';

/**
 * Users and administration: `users.name` becomes `first_name` and `last_name` (split on the last
 * space; a single word is the first name with an empty last name; each cut to 50 characters),
 * password tokens (resets and invitations) and the audit log.
 */
export class Migration20261126000000UsersAdmin extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "first_name" varchar(50) not null default '', add column "last_name" varchar(50) not null default ''`);
    this.addSql(
      `update "users" set "first_name" = rtrim(left(regexp_replace(${NAME}, ' +[^ ]*$', ''), 50)), "last_name" = rtrim(left(coalesce(substring(${NAME} from ' ([^ ]*)$'), ''), 50))`,
    );
    this.addSql(`alter table "users" drop column "name"`);

    this.addSql(`create table "password_tokens" ("id" serial primary key, "user_id" int not null, "purpose" varchar(16) not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "password_tokens" add constraint "password_tokens_token_hash_unique" unique ("token_hash")`);
    this.addSql(`alter table "password_tokens" add constraint "password_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade`);

    this.addSql(`create table "audit_events" ("id" serial primary key, "at" timestamptz not null, "actor_id" int null, "action" varchar(40) not null, "target_type" varchar(16) not null, "target_id" int not null, "changes" jsonb not null)`);
    this.addSql(`create index "audit_events_target_index" on "audit_events" ("target_type", "target_id")`);
    this.addSql(`create index "audit_events_at_index" on "audit_events" ("at")`);
    this.addSql(`alter table "audit_events" add constraint "audit_events_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete set null`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_events"`);
    this.addSql(`drop table if exists "password_tokens"`);
    this.addSql(`alter table "users" add column "name" varchar(100) not null default ''`);
    this.addSql(`update "users" set "name" = btrim("first_name" || ' ' || "last_name")`);
    this.addSql(`alter table "users" drop column "first_name", drop column "last_name"`);
  }
}
