import { Migration } from '@mikro-orm/migrations';

/** Personal API tokens (`ApiToken`): hashed, scoped, optionally expiring. */
export class Migration20261127680000ApiTokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "api_tokens" ("id" serial primary key, "user_id" int not null, "name" varchar(100) not null, "prefix" varchar(10) not null, "token_hash" varchar(64) not null, "scopes" varchar(200) not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "last_used_at" timestamptz null)',
    );
    this.addSql(
      'create index "api_tokens_user_id_index" on "api_tokens" ("user_id")',
    );
    this.addSql(
      'alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash")',
    );
    this.addSql(
      'alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table "api_tokens"');
  }
}
