import { Migration } from '@mikro-orm/migrations';

/**
 * The letters with a diacritic that decompose to a base letter (Latin-1 Supplement, Latin
 * Extended-A and -B: `é` to `e`, `Ž` to `Z`), as the two strings of `translate()`.
 */
function foldTable(): { from: string; to: string } {
  let from = '';
  let to = '';
  for (let code = 0xc0; code <= 0x24f; code++) {
    const char = String.fromCodePoint(code);
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    if (base !== char && /^[A-Za-z]$/.test(base)) {
      from += char;
      to += base;
    }
  }
  return { from, to };
}

/**
 * Full-text search over tickets and their threads (see `TicketSearch`), replacing a scan of every
 * ticket with `strpos`. Three tables of `tsvector` documents with GIN indexes, kept by triggers in
 * the transaction that changes a ticket or a reply:
 *
 * - `tickets_search`: a ticket's number (weight C), subject (A), description and affected item (B);
 * - `tickets_search_replies`: each public reply (D);
 * - `tickets_search_notes`: each internal note (D), in a table of its own so that a customer's
 *   search never even reads it: only staff queries name it.
 *
 * Tables rather than generated columns on `tickets` and `replies`: the entities know nothing of
 * these columns, and the schema check (`migrations.spec.ts`) skips tables named `tickets_search*`
 * (`schemaGenerator.skipTables`).
 *
 * The text configuration is `simple` (lower-case, no stemming, no stop words): tickets come in any
 * language, and SQLite's FTS5 `unicode61` tokenizer does not stem either, so both databases find the
 * same words; the last word typed is matched as a prefix instead (`printe` finds `printers`).
 * Before parsing, `tickets_search_text()` folds common diacritics (`translate`, as FTS5's
 * `remove_diacritics` does; the `unaccent` extension may not be installed) and turns punctuation into
 * spaces, so words split where FTS5 splits them (`TICK-20261126-0001` is `tick`, `20261126`, `0001`,
 * not the signed integers PostgreSQL's parser would see). The API folds the search the same way
 * (`tickets_search_fold()`).
 *
 * Existing tickets and replies are indexed here.
 */
export class Migration20261127800000TicketFullTextSearch extends Migration {
  override async up(): Promise<void> {
    const { from, to } = foldTable();
    this.addSql(`create function tickets_search_fold(value text) returns text
      language sql immutable parallel safe as $$ select translate(value, '${from}', '${to}') $$`);
    this.addSql(`create function tickets_search_text(value text, weight "char") returns tsvector
      language sql immutable parallel safe as $$
        select setweight(to_tsvector('simple', regexp_replace(tickets_search_fold(coalesce(value, '')), '[[:punct:]]+', ' ', 'g')), weight)
      $$`);

    this.addSql(
      'create table "tickets_search" ("ticket_id" int not null primary key references "tickets" ("id") on delete cascade, "document" tsvector not null)',
    );
    this.addSql('create index "tickets_search_document_index" on "tickets_search" using gin ("document")');
    this.addSql(`create function tickets_search_maintain() returns trigger language plpgsql as $$
      begin
        insert into tickets_search (ticket_id, document)
          values (new.id, tickets_search_text(new.number, 'C') || tickets_search_text(new.subject, 'A')
            || tickets_search_text(new.description, 'B') || tickets_search_text(new.affected_item, 'B'))
          on conflict (ticket_id) do update set document = excluded.document;
        return null;
      end
    $$`);
    this.addSql(
      'create trigger tickets_search_maintain after insert or update of number, subject, description, affected_item on tickets for each row execute function tickets_search_maintain()',
    );
    this.addSql(`insert into "tickets_search" ("ticket_id", "document")
      select id, tickets_search_text(number, 'C') || tickets_search_text(subject, 'A')
        || tickets_search_text(description, 'B') || tickets_search_text(affected_item, 'B') from tickets`);

    for (const table of ['tickets_search_replies', 'tickets_search_notes']) {
      this.addSql(
        `create table "${table}" ("reply_id" int not null primary key references "replies" ("id") on delete cascade, "ticket_id" int not null, "document" tsvector not null)`,
      );
      this.addSql(`create index "${table}_document_index" on "${table}" using gin ("document")`);
      this.addSql(`create index "${table}_ticket_id_index" on "${table}" ("ticket_id")`);
    }
    this.addSql(`create function tickets_search_replies_maintain() returns trigger language plpgsql as $$
      begin
        delete from tickets_search_replies where reply_id = new.id;
        delete from tickets_search_notes where reply_id = new.id;
        if new.internal then
          insert into tickets_search_notes (reply_id, ticket_id, document)
            values (new.id, new.ticket_id, tickets_search_text(new.content, 'D'));
        else
          insert into tickets_search_replies (reply_id, ticket_id, document)
            values (new.id, new.ticket_id, tickets_search_text(new.content, 'D'));
        end if;
        return null;
      end
    $$`);
    this.addSql(
      'create trigger tickets_search_replies_maintain after insert or update of content, internal, ticket_id on replies for each row execute function tickets_search_replies_maintain()',
    );
    this.addSql(`insert into "tickets_search_replies" ("reply_id", "ticket_id", "document")
      select id, ticket_id, tickets_search_text(content, 'D') from replies where not internal`);
    this.addSql(`insert into "tickets_search_notes" ("reply_id", "ticket_id", "document")
      select id, ticket_id, tickets_search_text(content, 'D') from replies where internal`);
    this.addSql('analyze "tickets_search", "tickets_search_replies", "tickets_search_notes"');
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger tickets_search_replies_maintain on replies');
    this.addSql('drop function tickets_search_replies_maintain()');
    this.addSql('drop trigger tickets_search_maintain on tickets');
    this.addSql('drop function tickets_search_maintain()');
    this.addSql('drop table "tickets_search_notes"');
    this.addSql('drop table "tickets_search_replies"');
    this.addSql('drop table "tickets_search"');
    this.addSql('drop function tickets_search_text(text, "char")');
    this.addSql('drop function tickets_search_fold(text)');
  }
}
