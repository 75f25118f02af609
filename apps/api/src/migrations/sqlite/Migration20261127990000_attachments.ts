import { Migration } from '@mikro-orm/migrations';

/** Ticket attachments: one row per upload, the bytes content-addressed by SHA-256 in the attachment storage. */
export class Migration20261127990000Attachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`attachments\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`reply_id\` integer null, \`uploaded_by_id\` integer not null, \`filename\` text not null, \`content_type\` text not null, \`size\` integer not null, \`sha256\` text not null, \`storage_key\` text not null, \`has_preview\` integer not null default false, \`internal\` integer not null default false, \`created_at\` datetime not null, constraint \`attachments_ticket_id_foreign\` foreign key(\`ticket_id\`) references \`tickets\`(\`id\`) on delete cascade on update cascade, constraint \`attachments_reply_id_foreign\` foreign key(\`reply_id\`) references \`replies\`(\`id\`) on delete set null on update cascade, constraint \`attachments_uploaded_by_id_foreign\` foreign key(\`uploaded_by_id\`) references \`users\`(\`id\`) on delete restrict on update cascade)`);
    this.addSql(`create index \`attachments_ticket_id_index\` on \`attachments\` (\`ticket_id\`)`);
    this.addSql(`create index \`attachments_reply_id_index\` on \`attachments\` (\`reply_id\`)`);
    this.addSql(`create index \`attachments_uploaded_by_id_index\` on \`attachments\` (\`uploaded_by_id\`)`);
    this.addSql(`create index \`attachments_ticket_created_at_index\` on \`attachments\` (\`ticket_id\`, \`created_at\`)`);
    this.addSql(`create index \`attachments_sha256_index\` on \`attachments\` (\`sha256\`)`);
    this.addSql(`create index \`attachments_reply_id_created_at_index\` on \`attachments\` (\`reply_id\`, \`created_at\`)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`attachments\``);
  }
}
