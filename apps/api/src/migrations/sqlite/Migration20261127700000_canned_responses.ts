import { Migration } from '@mikro-orm/migrations';

/** Canned responses: reply templates of staff, personal or shared, each with its owner. */
export class Migration20261127700000CannedResponses extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`canned_responses\` (\`id\` integer not null primary key autoincrement, \`owner_id\` integer not null, \`title\` text not null, \`body\` text not null, \`shared\` integer not null default false, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`canned_responses_owner_id_foreign\` foreign key(\`owner_id\`) references \`users\`(\`id\`) on delete cascade on update cascade)`);
    this.addSql(`create index \`canned_responses_owner_index\` on \`canned_responses\` (\`owner_id\`)`);
    this.addSql(`create index \`canned_responses_shared_index\` on \`canned_responses\` (\`shared\`)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`canned_responses\``);
  }
}
