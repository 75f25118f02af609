import { Migration } from '@mikro-orm/migrations';

/**
 * Keyword search without reading every ticket: an FTS5 index of subject, description and affected
 * item with the trigram tokenizer (SQLite 3.34+), which answers case-insensitive substring queries of
 * three characters or more from the index (https://sqlite.org/fts5.html#the_trigram_tokenizer).
 * It is an external-content table over `tickets`, kept in step by triggers, so no code path can
 * forget it; existing tickets are indexed once here.
 */
export class Migration20261127300000TicketSearch extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create virtual table \`tickets_search\` using fts5(subject, description, affected_item, content='tickets', content_rowid='id', tokenize='trigram')`,
    );
    this.addSql(`create trigger \`tickets_search_insert\` after insert on \`tickets\` begin
      insert into tickets_search (rowid, subject, description, affected_item) values (new.id, new.subject, new.description, new.affected_item);
    end`);
    this.addSql(`create trigger \`tickets_search_delete\` after delete on \`tickets\` begin
      insert into tickets_search (tickets_search, rowid, subject, description, affected_item) values ('delete', old.id, old.subject, old.description, old.affected_item);
    end`);
    this.addSql(`create trigger \`tickets_search_update\` after update of subject, description, affected_item on \`tickets\` begin
      insert into tickets_search (tickets_search, rowid, subject, description, affected_item) values ('delete', old.id, old.subject, old.description, old.affected_item);
      insert into tickets_search (rowid, subject, description, affected_item) values (new.id, new.subject, new.description, new.affected_item);
    end`);
    this.addSql(`insert into \`tickets_search\` (\`tickets_search\`) values ('rebuild')`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger `tickets_search_update`');
    this.addSql('drop trigger `tickets_search_delete`');
    this.addSql('drop trigger `tickets_search_insert`');
    this.addSql('drop table `tickets_search`');
  }
}
