import { Migration } from '@mikro-orm/migrations';

/** Canned responses: reply templates of staff, personal or shared, each with its owner. */
export class Migration20261127700000CannedResponses extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "canned_responses" ("id" serial primary key, "owner_id" int not null, "title" varchar(100) not null, "body" text not null, "shared" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null)`);
    this.addSql(`create index "canned_responses_owner_index" on "canned_responses" ("owner_id")`);
    this.addSql(`create index "canned_responses_shared_index" on "canned_responses" ("shared")`);
    this.addSql(`alter table "canned_responses" add constraint "canned_responses_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "canned_responses"`);
  }
}
