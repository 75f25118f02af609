import { Migration } from '@mikro-orm/migrations';

/** The FTS5 tokenizer of every search table: words of letters and digits, case and accents folded. */
const TOKENIZE = `tokenize='unicode61 remove_diacritics 2'`;

/**
 * `tickets_search`, an FTS5 external-content index of `columns` of `tickets` with `tokenize`, its
 * triggers (insert, delete, update of those columns), and the statement that indexes the tickets
 * there are.
 */
function ticketsSearch(columns: string[], tokenize: string): string[] {
  const list = columns.join(', ');
  const values = (row: 'new' | 'old'): string => columns.map((column) => `${row}.${column}`).join(', ');
  const insert = `insert into tickets_search (rowid, ${list}) values (new.id, ${values('new')});`;
  const remove = `insert into tickets_search (tickets_search, rowid, ${list}) values ('delete', old.id, ${values('old')});`;
  return [
    `create virtual table \`tickets_search\` using fts5(${list}, content='tickets', content_rowid='id', ${tokenize})`,
    `create trigger \`tickets_search_insert\` after insert on \`tickets\` begin ${insert} end`,
    `create trigger \`tickets_search_delete\` after delete on \`tickets\` begin ${remove} end`,
    `create trigger \`tickets_search_update\` after update of ${list} on \`tickets\` begin ${remove} ${insert} end`,
    "insert into `tickets_search` (`tickets_search`) values ('rebuild')",
  ];
}

/** Drops `tickets_search` and its triggers. */
const DROP_TICKETS_SEARCH = [
  'drop trigger `tickets_search_update`',
  'drop trigger `tickets_search_delete`',
  'drop trigger `tickets_search_insert`',
  'drop table `tickets_search`',
];

/**
 * Full-text search over tickets and their threads (see `TicketSearch`), replacing the trigram
 * substring index of `ticket_search`. Three FTS5 external-content tables (the text stays in its own
 * table; the index holds only words and their positions), each kept in step by triggers, so no code
 * path can forget them:
 *
 * - `tickets_search` over `tickets`: number, subject, description, affected item (one row a ticket);
 * - `tickets_search_replies` over `replies`: public replies only;
 * - `tickets_search_notes` over `replies`: internal notes only.
 *
 * Notes have a table of their own so that a customer's search never even reads their index: only
 * staff queries name `tickets_search_notes`. A reply that changes from public to internal (or back)
 * moves between the two. Since each replies table indexes only some rows of `replies`, they are
 * filled with plain inserts rather than FTS5's `rebuild` (which would index every row).
 *
 * Existing tickets and replies are indexed here, then merged into one b-tree each (`optimize`).
 */
export class Migration20261127800000TicketFullTextSearch extends Migration {
  override async up(): Promise<void> {
    // The trigram index of `ticket_search` gives way to a word index that has the number too.
    for (const sql of [
      ...DROP_TICKETS_SEARCH,
      ...ticketsSearch(['number', 'subject', 'description', 'affected_item'], TOKENIZE),
    ]) {
      this.addSql(sql);
    }

    for (const [table, internal] of [
      ['tickets_search_replies', 'not'],
      ['tickets_search_notes', ''],
    ] as const) {
      this.addSql(
        `create virtual table \`${table}\` using fts5(content, content='replies', content_rowid='id', ${TOKENIZE})`,
      );
      this.addSql(`create trigger \`${table}_insert\` after insert on \`replies\` when ${internal} new.internal begin
        insert into ${table} (rowid, content) values (new.id, new.content);
      end`);
      this.addSql(`create trigger \`${table}_delete\` after delete on \`replies\` when ${internal} old.internal begin
        insert into ${table} (${table}, rowid, content) values ('delete', old.id, old.content);
      end`);
      this.addSql(`create trigger \`${table}_update\` after update of content, internal on \`replies\` begin
        insert into ${table} (${table}, rowid, content) select 'delete', old.id, old.content where ${internal} old.internal;
        insert into ${table} (rowid, content) select new.id, new.content where ${internal} new.internal;
      end`);
      this.addSql(
        `insert into \`${table}\` (rowid, content) select id, content from replies where ${internal} internal`,
      );
    }

    for (const table of ['tickets_search', 'tickets_search_replies', 'tickets_search_notes']) {
      this.addSql(`insert into \`${table}\` (\`${table}\`) values ('optimize')`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['tickets_search_notes', 'tickets_search_replies']) {
      this.addSql(`drop trigger \`${table}_update\``);
      this.addSql(`drop trigger \`${table}_delete\``);
      this.addSql(`drop trigger \`${table}_insert\``);
      this.addSql(`drop table \`${table}\``);
    }
    // The trigram index of `Migration20261127300000_ticket_search`, as it was.
    for (const sql of [
      ...DROP_TICKETS_SEARCH,
      ...ticketsSearch(['subject', 'description', 'affected_item'], "tokenize='trigram'"),
    ]) {
      this.addSql(sql);
    }
  }
}
