import { MATCH_END, MATCH_START } from '@hd/shared/domain';

import { SearchQuery, SearchTerm } from './ticket-search-query';

/** How many words a snippet shows at most. */
export const SNIPPET_WORDS = 16;
/** Words shown before the first match in a snippet, when there are that many. */
const LEAD_WORDS = 3;

/** A word of the text: where it is, and its folded form for comparing. */
interface Word {
  start: number;
  end: number;
  folded: string;
}

/** A place where a term matched: its first and last word, and which term. */
interface Hit {
  first: number;
  last: number;
  term: number;
}

/** A snippet of one text, with how many of the query's terms it shows. */
export interface Snippet {
  text: string;
  /** How many distinct terms of the query the snippet shows. */
  terms: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Lower case without diacritics, as SQLite's `unicode61 remove_diacritics 2` compares words. */
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function words(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    folded: fold(m[0]),
  }));
}

function hits(text: Word[], terms: SearchTerm[]): Hit[] {
  const found: Hit[] = [];
  terms.forEach((term, t) => {
    const tokens = term.tokens.map(fold);
    for (let i = 0; i + tokens.length <= text.length; i++) {
      const all = tokens.every((token, j) =>
        term.prefix && j === tokens.length - 1
          ? text[i + j].folded.startsWith(token)
          : text[i + j].folded === token,
      );
      if (all) found.push({ first: i, last: i + tokens.length - 1, term: t });
    }
  });
  return found.sort((a, b) => a.first - b.first || b.last - a.last);
}

/** A piece of the original text for a snippet: one line, and without the characters that mark matches. */
const clean = (text: string): string =>
  text.replace(/\s+/g, ' ').split(MATCH_START).join('‹').split(MATCH_END).join('›');

/**
 * The stretch of `text` (at most {@link SNIPPET_WORDS} words) that shows the most of the query's
 * included terms, with each match between `MATCH_START` and `MATCH_END` (`«`, `»`) and `…` where text
 * was cut. The text's own `«` and `»` become `‹` and `›`, and runs of white space one space, so the
 * markers are unambiguous. Words compare as the indexes compare them: case- and diacritic-insensitive,
 * the prefix term by its beginning.
 * @returns null when no included term occurs in `text` (or `text` is null or empty)
 */
export function snippetOf(text: string | null, query: SearchQuery): Snippet | null {
  if (!text || !query.include.length) return null;
  const all = words(text);
  const found = hits(all, query.include);
  if (!found.length) return null;
  let best: { start: number; end: number; terms: number } | null = null;
  for (const hit of found) {
    let start = Math.max(0, hit.first - LEAD_WORDS);
    // A phrase longer than the snippet is shown whole.
    const end = Math.min(all.length - 1, Math.max(start + SNIPPET_WORDS - 1, hit.last));
    if (end - start + 1 < SNIPPET_WORDS) start = Math.max(0, end - SNIPPET_WORDS + 1);
    const terms = new Set(found.filter((h) => h.first >= start && h.last <= end).map((h) => h.term)).size;
    if (!best || terms > best.terms) best = { start, end, terms };
  }
  const { start, end, terms } = best as { start: number; end: number; terms: number };
  const last = all.length - 1;
  let out = start > 0 ? '…' : '';
  // The whole text's beginning and end when shown: punctuation before the first word and after the last.
  let at = start > 0 ? all[start].start : 0;
  let covered = -1;
  for (const hit of found) {
    if (hit.first < start || hit.last > end || hit.first <= covered) continue;
    out += clean(text.slice(at, all[hit.first].start));
    out += MATCH_START + clean(text.slice(all[hit.first].start, all[hit.last].end)) + MATCH_END;
    at = all[hit.last].end;
    covered = hit.last;
  }
  out += clean(text.slice(at, end < last ? all[end].end : text.length));
  if (end < last) out += '…';
  return { text: out.trim(), terms };
}

/**
 * The `match` of a listed ticket: the snippet, among the texts the reader may see, that shows the
 * most of the query's terms; on a tie the first in this order: description, affected item, the
 * replies (best ranked first; internal notes only when the caller passed them, i.e. for staff),
 * subject. Null when none shows a term, e.g. when only the ticket's number matched.
 * @param replies contents of the ticket's matching replies the reader may read, best first
 */
export function ticketMatch(
  ticket: { subject: string; description: string; affectedItem: string | null },
  replies: string[],
  query: SearchQuery,
): string | null {
  let best: Snippet | null = null;
  for (const text of [ticket.description, ticket.affectedItem, ...replies, ticket.subject]) {
    const snippet = snippetOf(text, query);
    if (snippet && (!best || snippet.terms > best.terms)) best = snippet;
  }
  return best?.text ?? null;
}
