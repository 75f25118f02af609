import { parseTicketNumber } from '@hd/shared/domain';

import type { SqlPart } from './ticket-queries';
import {
  parseSearchQuery,
  SearchQuery,
  SearchTerm,
  toFts5,
  toFts5All,
  toFts5Any,
  toTsQuery,
  toTsQueryAll,
  toTsQueryAny,
} from './ticket-search-query';

/** The databases the search speaks to. */
export type SearchDialect = 'sqlite' | 'postgresql';

/** A full-text index of one kind of text (see the migration `ticket_full_text_search`). */
interface Source {
  /** The index's table (FTS5 table on SQLite, `tsvector` documents on PostgreSQL). */
  table: 'tickets_search' | 'tickets_search_replies' | 'tickets_search_notes';
  /** Tickets' own fields, or replies (public ones, or internal notes). */
  kind: 'ticket' | 'reply';
}

const TICKETS: Source = { table: 'tickets_search', kind: 'ticket' };
const REPLIES: Source = { table: 'tickets_search_replies', kind: 'reply' };
/** Internal notes: staff only. A customer's statements never name this index. */
const NOTES: Source = { table: 'tickets_search_notes', kind: 'reply' };

/**
 * Relevance on SQLite: bm25 weights of the ticket's columns (number, subject, description, affected
 * item), and the share of a reply's score. PostgreSQL weighs the same through `setweight` (subject
 * A, description and affected item B, number C, replies D) and `ts_rank`'s default weights.
 */
const SQLITE_TICKET_WEIGHTS = '1.0, 4.0, 2.0, 2.0';
const SQLITE_REPLY_SHARE = 0.5;

/** How a search reads each dialect's indexes. */
interface SearchSql {
  /** One term as the dialect's full-text query. */
  term(term: SearchTerm): SqlPart;
  /** Any of the terms as one full-text query. */
  any(terms: SearchTerm[]): SqlPart;
  /** All of the terms in one text as one full-text query. */
  all(terms: SearchTerm[]): SqlPart;
  /** `select id, score` of the tickets whose `source` text matches `query`; score 0 unless `ranked`. */
  hits(source: Source, query: SqlPart, ranked: boolean): SqlPart;
  /**
   * `select ticket_id, content, score`: the replies in `source` of `tickets` that match `query`,
   * scored by relevance when `ranked`, otherwise by their id (newest highest).
   */
  replies(source: Source, query: SqlPart, tickets: number[], ranked: boolean): SqlPart;
  /**
   * `select id, score, k ... order by ... limit`: the newest `limit` texts in `source` (by their
   * index's key `k`: the ticket's or the reply's id) matching `query` whose ticket `t` passes
   * `filters`, scored when `ranked` (0 otherwise). A statement of its own (wrap it to combine it).
   */
  newest(source: Source, query: SqlPart, filters: SqlPart, limit: number, ranked: boolean): SqlPart;
  /** An aggregate: the non-null integers of `expression` in a group as text, comma-separated; null when none. */
  idList(expression: string): string;
}

/** How many of a ticket's matching replies the `match` snippet of a list item chooses from. */
export const SNIPPET_REPLIES = 3;

const list = (values: unknown[]): string => values.map(() => '?').join(', ');
const internal = (source: Source, column: string): string => `${source === NOTES ? '' : 'not '}${column}`;

const SQLITE: SearchSql = {
  term: (term) => ({ sql: '?', params: [toFts5(term)] }),
  any: (terms) => ({ sql: '?', params: [toFts5Any(terms)] }),
  all: (terms) => ({ sql: '?', params: [toFts5All(terms)] }),
  hits({ table, kind }, query, ranked) {
    const score = !ranked
      ? '0'
      : kind === 'ticket'
        ? `-bm25(${table}, ${SQLITE_TICKET_WEIGHTS})`
        : `-${SQLITE_REPLY_SHARE} * bm25(${table})`;
    const from = kind === 'ticket' ? table : `${table} join replies r on r.id = ${table}.rowid`;
    const id = kind === 'ticket' ? `${table}.rowid` : 'r.ticket_id';
    return {
      sql: `select ${id} as id, ${score} as score from ${from} where ${table} match ${query.sql}`,
      params: query.params,
    };
  },
  replies(source, query, tickets, ranked) {
    const { table } = source;
    // The replies of these tickets drive the lookup (one FTS5 probe each), not every match of the
    // query. bm25 reads the whole index of the query's words again for each probe (its document
    // frequencies): for a word in 20,000 texts, 12 ms against 4 for a page of 20 tickets.
    return {
      sql: `select r.ticket_id as ticket_id, r.content as content, ${ranked ? `-bm25(${table})` : 'r.id'} as score
        from ${table} join replies r on r.id = ${table}.rowid
        where ${table} match ${query.sql} and ${table}.rowid in
          (select id from replies where ticket_id in (${list(tickets)}) and ${internal(source, 'internal')})`,
      params: [...query.params, ...tickets],
    };
  },
  newest({ table, kind }, query, filters, limit, ranked) {
    const score = !ranked
      ? '0'
      : kind === 'ticket'
        ? `-bm25(${table}, ${SQLITE_TICKET_WEIGHTS})`
        : `-${SQLITE_REPLY_SHARE} * bm25(${table})`;
    // `cross join` keeps the index first (SQLite does not reorder it), read in its rowid order, which
    // FTS5 gives without sorting; each row then looks up its reply and ticket by primary key.
    const [from, id] =
      kind === 'ticket' ? [table, `${table}.rowid`] : [`${table} cross join replies r`, 'r.ticket_id'];
    const reply = kind === 'ticket' ? '' : ` and r.id = ${table}.rowid`;
    return {
      // Read newest first and stopped at `limit`: it costs the matches read, not all of them.
      sql: `select ${id} as id, ${score} as score, ${table}.rowid as k from ${from} cross join tickets t
        where ${table} match ${query.sql}${reply} and t.id = ${id} and ${filters.sql}
        order by ${table}.rowid desc limit ${limit}`,
      params: [...query.params, ...filters.params],
    };
  },
  idList: (expression) => `group_concat(${expression})`,
};

/** The search folds diacritics as the indexed text was folded (`tickets_search_fold()` of the migration). */
const folded = (part: SqlPart): SqlPart => ({
  sql: part.sql.replace(/\?/g, 'tickets_search_fold(?)'),
  params: part.params,
});

/**
 * PostgreSQL's `newest`: how many of the newest matches of a kind, times the texts it reads, are
 * looked up first in the hope that enough of them pass the filters (see {@link SearchSql.newest}).
 */
const PG_NEWEST_WINDOW = 4;

const POSTGRESQL: SearchSql = {
  term: (term) => folded(toTsQuery(term)),
  any: (terms) => folded(toTsQueryAny(terms)),
  all: (terms) => folded(toTsQueryAll(terms)),
  hits({ table }, query, ranked) {
    return {
      sql: `select s.ticket_id as id, ${ranked ? `ts_rank(s.document, ${query.sql})` : '0'} as score
        from ${table} s where s.document @@ ${query.sql}`,
      params: ranked ? [...query.params, ...query.params] : query.params,
    };
  },
  replies(source, query, tickets, ranked) {
    const score = ranked ? `ts_rank(s.document, ${query.sql})` : 'r.id';
    return {
      sql: `select s.ticket_id as ticket_id, r.content as content, ${score} as score
        from ${source.table} s join replies r on r.id = s.reply_id
        where s.ticket_id in (${list(tickets)}) and s.document @@ ${query.sql} and ${internal(source, 'r.internal')}`,
      params: [...(ranked ? query.params : []), ...tickets, ...query.params],
    };
  },
  newest({ table, kind }, query, filters, limit, ranked) {
    const key = kind === 'ticket' ? 's.ticket_id' : 's.reply_id';
    const score = ranked ? `ts_rank(m.document, ${query.sql})` : '0';
    const document = ranked ? ', s.document' : '';
    const scoreParams = ranked ? query.params : [];
    const window = PG_NEWEST_WINDOW * limit;
    // First the newest `window` matches, found through the GIN index and put in key order, and
    // only then their tickets looked up for the filters, newest first, until `limit` pass: a word
    // in 10,000 replies looked up 10,000 tickets before (25 to 90 ms at a million tickets), about
    // `limit` now (5 ms). When at least `limit` of those pass, they are the newest `limit` matches
    // that pass at all. (The ordered subquery stays inline: read from a CTE, its order would be
    // unknown to the join, which would then look up every ticket of the window and sort.)
    const first = `select m.id, ${score} as score, m.k from (
        select s.ticket_id as id${document}, ${key} as k from ${table} s
        where s.document @@ ${query.sql} order by ${key} desc limit ${window} offset 0
      ) m join tickets t on t.id = m.id where ${filters.sql} order by m.k desc limit ${limit}`;
    // Otherwise (fewer matches, or a selective filter such as a customer's own tickets among
    // everyone's matches): every match whose ticket passes, then the newest. `offset 0` keeps the
    // planner from walking the key's index backwards and testing every row's document against the
    // query, which the selective filter would make it try. One-time filters: one of the two runs.
    const every = `select m.id, ${score} as score, m.k from (
        select s.ticket_id as id${document}, ${key} as k
        from ${table} s join tickets t on t.id = s.ticket_id
        where s.document @@ ${query.sql} and ${filters.sql} offset 0
      ) m order by m.k desc limit ${limit}`;
    return {
      sql: `with first_passing as materialized (${first})
        select id, score, k from first_passing where (select count(*) from first_passing) >= ${limit}
        union all
        select id, score, k from (${every}) every_match where (select count(*) from first_passing) < ${limit}`,
      params: [
        ...scoreParams,
        ...query.params,
        ...filters.params,
        ...scoreParams,
        ...query.params,
        ...filters.params,
      ],
    };
  },
  idList: (expression) => `string_agg(cast(${expression} as text), ',')`,
};

/** A search of the ticket list as SQL, for `TicketQueries`. */
export interface TicketSearch {
  /** What was searched for: the parsed query (nothing to include for a ticket number). */
  query: SearchQuery;
  /**
   * `select id, score, capped, replies`: the tickets (deleted ones too: the caller filters) whose
   * texts the reader may see match every included term, once each, with their relevance (higher is
   * better: per term the best-scoring text, summed; 0 when not ranked), a double. For a ticket number,
   * that ticket (score 1). A search of one term planned with `newest` (ranked, or `always`; see
   * {@link planTicketSearch}), or the `window` of one of several terms (see {@link several}), reads
   * only the tickets of the newest matching texts, and `capped` is 1 on every row when more texts
   * match than it read (0 otherwise); ranked, its `replies` lists the ids
   * of the ticket's newest matching replies among those texts ({@link SNIPPET_REPLIES} at most,
   * comma-separated text; null when none), so {@link listedReplies} reads the snippets without
   * searching again. Otherwise `capped` is 0 and `replies` null.
   */
  matched: SqlPart;
  /** Whether `matched` lists each ticket's matching replies (see {@link TicketSearch.matched}). */
  listsReplies: boolean;
  /**
   * A search of several terms planned with `newest`: `matched` reads every match (every ticket whose
   * texts hold the terms between them, as without `newest`), `window` (with its `listsReplies`) the
   * newest texts that each hold every term, read as a search of one term reads its newest texts, and
   * `probe` (`select capped`, 1 or 0) says whether more such texts of a kind pass the filters than
   * the window reads. `TicketQueries.settle` runs the probe and reads the window when it is capped:
   * then tickets whose terms lie only in different texts are left out, and the total is an estimate.
   * A page read by cursor keeps the choice of the page that made the cursor (see {@link windowed}):
   * the two read different scores, and a cursor continues one ranking. Null otherwise.
   */
  several: { probe: SqlPart; window: SqlPart; listsReplies: boolean } | null;
  /**
   * For a search of several terms once `TicketQueries.settle` has chosen: true when it reads the
   * window, false when every match. Null otherwise (one term, a ticket number, or not settled).
   */
  windowed: boolean | null;
  /** `select id`: the tickets a text of which, that the reader may see, matches an excluded term; null when none is excluded. */
  excluded: SqlPart | null;
  /** The indexes of replies the reader may read: public replies, and internal notes for staff. */
  replySources: Source[];
  /** The dialect's SQL. */
  sql: SearchSql;
}

/** The `replies` column of a `matched` that does not list them. */
const NO_REPLIES = 'cast(null as text) as replies';

const union = (parts: SqlPart[], all = true): SqlPart => ({
  sql: parts.map((p) => p.sql).join(all ? ' union all ' : ' union '),
  params: parts.flatMap((p) => p.params),
});

/**
 * Plans the search `q` of the ticket list for a reader: staff search internal notes too, a customer
 * never (their statements do not name that index). A ticket number (`TICK-20261126-0001`) finds
 * that ticket only; anything else is parsed by {@link parseSearchQuery}.
 *
 * Ranking every match of a word in 2 % of a million tickets (20,000 texts to score and look up)
 * takes SQLite 70 to 100 ms, and seconds when 50 such searches arrive at once. With
 * `options.newest`, a ranked search of one term (a word, a prefix or a phrase, with any exclusions)
 * ranks only the newest `limit` matching texts of each kind (ticket fields, public replies, internal
 * notes) whose ticket passes `filters`, read newest first and stopped there, as Zendesk and GitHub
 * bound their search results; `capped` then says whether more matched. A search of several terms
 * (whose matches may lie in different texts of a ticket) reads the newest texts that each hold every
 * term the same way when more of them match than it reads (`several.probe`); otherwise every match,
 * terms in different texts included (`matched`). Two common words in a million tickets: 5 s
 * to rank every match, 0.2 s for the newest texts holding both.
 * @param options.ranked compute relevance (`sort=relevance`); otherwise every score is 0, which is cheaper
 * @param options.newest the filters of the ticket `t` (the list's where, isolation included, without
 *   the search) and how many texts of each kind to rank at most; with `always`, an unranked search
 *   reads the same newest texts, unscored (the status counts of what a ranked search shows)
 * @returns the SQL pieces (see {@link TicketSearch}); never throws, whatever `q` holds
 */
export function planTicketSearch(
  q: string,
  options: {
    dialect: SearchDialect;
    staff: boolean;
    ranked: boolean;
    newest?: { filters: SqlPart; limit: number; always?: boolean };
  },
): TicketSearch {
  const sql = options.dialect === 'sqlite' ? SQLITE : POSTGRESQL;
  const sources = options.staff ? [TICKETS, REPLIES, NOTES] : [TICKETS, REPLIES];
  const replySources = sources.filter((source) => source.kind === 'reply');
  const number = parseTicketNumber(q);
  if (number) {
    return {
      query: { include: [], exclude: [] },
      matched: {
        sql: `select id, cast(1 as double precision) as score, 0 as capped, ${NO_REPLIES} from tickets where number = ?`,
        params: [number],
      },
      listsReplies: false,
      several: null,
      windowed: null,
      excluded: null,
      replySources,
      sql,
    };
  }
  const query = parseSearchQuery(q);
  let excluded: SqlPart | null = null;
  if (query.exclude.length) {
    const expression = sql.any(query.exclude);
    const hits = union(
      sources.map((source) => sql.hits(source, expression, false)),
      false,
    );
    excluded = { sql: `select id from (${hits.sql}) excluded`, params: hits.params };
  }
  const { newest } = options;
  if (!newest || !(options.ranked || newest.always) || !query.include.length) {
    const matched = everyMatch(sql, sources, query, options.ranked);
    return {
      query,
      matched,
      listsReplies: false,
      several: null,
      windowed: null,
      excluded,
      replySources,
      sql,
    };
  }
  const several = query.include.length > 1;
  const expression = several ? sql.all(query.include) : sql.term(query.include[0]);
  const filters = excluded
    ? {
        sql: `${newest.filters.sql} and t.id not in (${excluded.sql})`,
        params: [...newest.filters.params, ...excluded.params],
      }
    : newest.filters;
  // One more text than ranked is read, to tell whether more match; it is not ranked.
  const hits = union(
    sources.map((source, i) => {
      const part = sql.newest(source, expression, filters, newest.limit + 1, options.ranked);
      return {
        sql: `select id, score, k, ${i} as source from (${part.sql}) hits_${i}`,
        params: part.params,
      };
    }),
  );
  // Only a ranked search shows snippets; the unranked one (status counts) lists no replies.
  const listsReplies = options.ranked;
  const capped = `(${cappedPast(newest.limit, 'hits')}) as capped`;
  // `materialized`: `hits` is read twice (the ranking and the capped flag), and SQLite would
  // otherwise run it, bm25 and all, once for each: twice the time for a common word.
  const window = `with hits as materialized (${hits.sql}),
      ranked as (select id, score, source, k, row_number() over (partition by source order by k desc) as n from hits)`;
  // A reply's key `k` is its id. A ticket's replies in the window are its newest matching ones
  // newer than the window's oldest reply of that kind: its snippets' (fewer than before only where
  // the window cuts through them).
  const sqlText = listsReplies
    ? `${window},
        kept as (select id, score, case when source > 0 then k end as reply,
          row_number() over (partition by id, source > 0 order by k desc) as r
          from ranked where n <= ${newest.limit})
        select id, cast(max(score) as double precision) as score, ${capped},
          ${sql.idList(`case when r <= ${SNIPPET_REPLIES} then reply end`)} as replies
        from kept group by id`
    : `${window}
        select id, cast(max(score) as double precision) as score, ${capped}, ${NO_REPLIES}
        from ranked where n <= ${newest.limit} group by id`;
  const windowed = { sql: sqlText, params: hits.params };
  if (!several)
    return {
      query,
      matched: windowed,
      listsReplies,
      several: null,
      windowed: null,
      excluded,
      replySources,
      sql,
    };
  // The same newest texts, unscored, only counted: whether more than `limit` of a kind hold every term.
  const texts = union(
    sources.map((source, i) => {
      const part = sql.newest(source, expression, filters, newest.limit + 1, false);
      return { sql: `select ${i} as source from (${part.sql}) probe_${i}`, params: part.params };
    }),
  );
  const probe = {
    sql: cappedPast(newest.limit, `(${texts.sql}) texts`),
    params: texts.params,
  };
  // Several terms: every match until `TicketQueries.settle` has run the probe (a caller that forgot
  // it reads a complete, if slower, answer rather than a window reported as exact).
  return {
    query,
    matched: everyMatch(sql, sources, query, options.ranked),
    listsReplies: false,
    several: { probe, window: windowed, listsReplies },
    windowed: null,
    excluded,
    replySources,
    sql,
  };
}

/** `select capped` (1 or 0): whether any `source` of the texts `from` has more than `limit` of them. */
function cappedPast(limit: number, from: string): string {
  return `select case when max(c) > ${limit} then 1 else 0 end as capped
    from (select count(*) as c from ${from} group by source) per_source`;
}

/**
 * `select id, score, capped, replies` of every ticket whose texts hold every included term between
 * them (see {@link TicketSearch.matched}), ranked when `ranked`; `capped` 0, `replies` null.
 */
function everyMatch(sql: SearchSql, sources: Source[], query: SearchQuery, ranked: boolean): SqlPart {
  const perTerm = query.include.map((term) => {
    const expression = sql.term(term);
    return union(sources.map((source) => sql.hits(source, expression, ranked)));
  });
  let matched: SqlPart;
  if (perTerm.length === 0) {
    matched = {
      sql: `select 0 as id, cast(0 as double precision) as score, 0 as capped, ${NO_REPLIES} where 1 = 0`,
      params: [],
    };
  } else if (perTerm.length === 1) {
    matched = {
      sql: `select id, cast(max(score) as double precision) as score, 0 as capped, ${NO_REPLIES} from (${perTerm[0].sql}) hits group by id`,
      params: perTerm[0].params,
    };
  } else {
    // Each term once per ticket (its best text), then the tickets that every term matched.
    const terms = union(
      perTerm.map((hits, i) => ({
        sql: `select id, max(score) as score from (${hits.sql}) hits_${i} group by id`,
        params: hits.params,
      })),
    );
    matched = {
      sql: `select id, cast(sum(score) as double precision) as score, 0 as capped, ${NO_REPLIES} from (${terms.sql}) terms group by id having count(*) = ${perTerm.length}`,
      params: terms.params,
    };
  }
  return matched;
}

/**
 * `select ticket_id, content`: for each of `tickets`, up to `perTicket` of its replies the reader
 * may read (see {@link TicketSearch.replySources}) that match any included term, for the `match`
 * snippets of a page: best first when the search has several terms (a reply with more of them
 * first), newest first for one term (every matching reply shows it, and ranking costs more than the
 * rest of the page). Null when the search includes no term (a ticket number).
 */
export function matchingReplies(
  search: TicketSearch,
  tickets: number[],
  perTicket = SNIPPET_REPLIES,
): SqlPart | null {
  if (!search.query.include.length || !tickets.length) return null;
  const expression = search.sql.any(search.query.include);
  const ranked = search.query.include.length > 1;
  const candidates = union(
    search.replySources.map((source) => search.sql.replies(source, expression, tickets, ranked)),
  );
  return {
    sql: `select ticket_id, content from (
        select ticket_id, content, score, row_number() over (partition by ticket_id order by score desc) as n
        from (${candidates.sql}) candidates
      ) ranked where n <= ${perTicket} order by ticket_id, n`,
    params: candidates.params,
  };
}

/**
 * `select ticket_id, content`: the replies `ids` (listed by a search's `matched`, see
 * {@link TicketSearch.listsReplies}), newest first per ticket, for the `match` snippets of a page,
 * read by their keys instead of searching again (13 of a page's 40 ms for a word in 2 % of a
 * million tickets). A reply made internal since the search is left out for a customer. Null when
 * `ids` is empty.
 */
export function listedReplies(search: TicketSearch, ids: number[]): SqlPart | null {
  if (!ids.length) return null;
  const notes = search.replySources.includes(NOTES) ? '' : ' and not internal';
  return {
    sql: `select ticket_id, content from replies where id in (${list(ids)})${notes} order by ticket_id, id desc`,
    params: ids,
  };
}
