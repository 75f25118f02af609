/**
 * The language of the ticket search box, and its translation into each database's full-text query.
 *
 * What people type:
 *
 * - words, separated by spaces: a ticket matches when every word is in it (in the number, subject,
 *   description, affected item or a reply it may read; not necessarily in the same one);
 * - `"a quoted phrase"`: those words next to each other, in that order, in one of them;
 * - `-word` or `-"a phrase"`: no ticket containing it;
 * - the last word typed also finds the words it begins (`printe` finds `printer`) when it has at
 *   least {@link PREFIX_MIN_LENGTH} characters.
 *
 * Nothing else is syntax: `OR`, `NEAR`, `*`, `(`, `subject:` and the like are words or, without
 * letters or digits, nothing; an unbalanced quote and a lone `-` are ignored. The parser keeps only
 * runs of letters and digits ({@link TOKEN}), so the expressions it writes never carry a quote, an
 * operator or a column name from the user: FTS5 and PostgreSQL get their own syntax only.
 */

/**
 * A word as both indexes cut text into words: a letter or digit, then letters, digits and combining
 * marks; every other character separates words (SQLite's `unicode61` tokenizer; on PostgreSQL the
 * indexed text has its punctuation replaced by spaces first, see the migration `ticket_full_text_search`).
 */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** The last word typed matches as a prefix from this many characters (shorter prefixes match too many words). */
export const PREFIX_MIN_LENGTH = 3;

/** At most this many terms to include, and as many to exclude, are kept; later ones are ignored. */
export const MAX_SEARCH_TERMS = 8;

/** One word or phrase of a search. */
export interface SearchTerm {
  /** Its words in order, lower-case (one for a word; a phrase, or a word such as `e-mail`, has several). */
  tokens: string[];
  /** True when the last token also matches the words it begins (the last word typed). */
  prefix: boolean;
}

/** A parsed search: the terms every matching ticket has, and those none has. */
export interface SearchQuery {
  /** Every term must match the ticket. Empty: the search matches no ticket. */
  include: SearchTerm[];
  /** No term may match the ticket. */
  exclude: SearchTerm[];
}

/** A chunk of the input: a word or a quoted phrase, maybe preceded by `-`. */
interface Chunk {
  text: string;
  negated: boolean;
  quoted: boolean;
}

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/u.test(char);

/** Splits the input into words and quoted phrases, each maybe negated; stray `"` and `-` are dropped. */
function chunks(input: string): Chunk[] {
  const found: Chunk[] = [];
  let i = 0;
  while (i < input.length) {
    if (isSpace(input[i])) {
      i++;
      continue;
    }
    let negated = false;
    if (input[i] === '-') {
      let j = i;
      while (input[j] === '-') j++;
      // A `-` followed by nothing or a space negates nothing: it is dropped.
      negated = j < input.length && !isSpace(input[j]);
      i = j;
      if (!negated) continue;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close !== -1) {
        found.push({ text: input.slice(i + 1, close), negated, quoted: true });
        i = close + 1;
        continue;
      }
      // An unbalanced quote is ignored: what follows it is read as words.
      i++;
    }
    let j = i;
    while (j < input.length && !isSpace(input[j]) && input[j] !== '"') j++;
    if (j > i) found.push({ text: input.slice(i, j), negated, quoted: false });
    i = j;
  }
  return found;
}

/** The words of `text` as the indexes see them, lower-case. */
export function searchTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/**
 * Parses what was typed into the search box (see the module's comment for the language). Never
 * fails: any input gives a query, possibly with nothing to include (which matches no ticket).
 * @param input the `q` of the list, up to a few hundred characters
 * @returns `{include, exclude}`: at most {@link MAX_SEARCH_TERMS} of each, without duplicates
 */
export function parseSearchQuery(input: string): SearchQuery {
  const terms = chunks(input)
    .map((chunk) => ({ ...chunk, tokens: searchTokens(chunk.text) }))
    .filter((chunk) => chunk.tokens.length > 0);
  const include: SearchTerm[] = [];
  const exclude: SearchTerm[] = [];
  const seen = new Set<string>();
  terms.forEach((term, i) => {
    const last = term.tokens[term.tokens.length - 1];
    const prefix =
      i === terms.length - 1 && !term.quoted && !term.negated && [...last].length >= PREFIX_MIN_LENGTH;
    const key = `${term.negated ? '-' : '+'}${term.tokens.join(' ')}${prefix ? '*' : ''}`;
    const list = term.negated ? exclude : include;
    if (seen.has(key) || list.length >= MAX_SEARCH_TERMS) return;
    seen.add(key);
    list.push({ tokens: term.tokens, prefix });
  });
  return { include, exclude };
}

/**
 * `term` as an FTS5 query: a phrase of its tokens, `*` after it for a prefix (`"printe"*`,
 * `"laser printer"`). Tokens hold only letters, digits and marks; quotes are doubled all the same.
 */
export function toFts5(term: SearchTerm): string {
  return `"${term.tokens.join(' ').replace(/"/g, '""')}"${term.prefix ? '*' : ''}`;
}

/** Any of `terms` as one FTS5 query (`"a" OR "b c"`); `terms` must not be empty. */
export function toFts5Any(terms: SearchTerm[]): string {
  return terms.map(toFts5).join(' OR ');
}

/** All of `terms` in one text as one FTS5 query (`"a" AND "b c"`); `terms` must not be empty. */
export function toFts5All(terms: SearchTerm[]): string {
  return terms.map(toFts5).join(' AND ');
}

/**
 * `term` as a PostgreSQL `tsquery` expression with its parameters. A word or phrase goes through
 * `websearch_to_tsquery('simple', '"…"')` (a phrase of its tokens; it never raises on any input); a
 * prefix adds `to_tsquery('simple', '''tok'' <-> ''pre'':*')`, written from tokens that hold only
 * letters, digits and marks, so no quote or operator can reach it.
 * @returns SQL with `?` placeholders (knex) and their values
 */
export function toTsQuery(term: SearchTerm): { sql: string; params: unknown[] } {
  const words = `websearch_to_tsquery('simple', ?)`;
  const phrase = `"${term.tokens.join(' ')}"`;
  if (!term.prefix) return { sql: words, params: [phrase] };
  const prefixed = term.tokens.map((token, i) => `'${token}'${i === term.tokens.length - 1 ? ':*' : ''}`);
  return { sql: `(${words} || to_tsquery('simple', ?))`, params: [phrase, prefixed.join(' <-> ')] };
}

/** Any of `terms` as one `tsquery` expression (`a || b`); `terms` must not be empty. */
export function toTsQueryAny(terms: SearchTerm[]): { sql: string; params: unknown[] } {
  const parts = terms.map(toTsQuery);
  return { sql: `(${parts.map((p) => p.sql).join(' || ')})`, params: parts.flatMap((p) => p.params) };
}

/**
 * All of `terms` in one document as one `tsquery` expression (`a && b`), or null, which matches
 * nothing, when one of them holds no word to PostgreSQL's parser (`½`, say): `&&` would drop
 * that operand and match documents without it, where the term on its own matches nothing (as it
 * does on SQLite). `terms` must not be empty.
 */
export function toTsQueryAll(terms: SearchTerm[]): { sql: string; params: unknown[] } {
  const parts = terms.map(toTsQuery);
  const params = parts.flatMap((p) => p.params);
  const empty = parts.map((p) => `numnode(${p.sql}) = 0`).join(' or ');
  return {
    sql: `(case when ${empty} then null::tsquery else ${parts.map((p) => p.sql).join(' && ')} end)`,
    params: [...params, ...params],
  };
}
