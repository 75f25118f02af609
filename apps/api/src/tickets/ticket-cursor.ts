import { QueryOrder } from '@mikro-orm/core';
import { BadRequestException } from '@nestjs/common';

import { ErrorCode, TicketPriority, TicketSort } from '@hd/shared/domain';

/**
 * A column of a ticket sort and its direction; `id` always comes last, so every position is unique.
 * `score` is a search's relevance (see `TicketSearch.matched`); `dueAt` the ticket's nearest SLA due
 * time (`sla_due_at`, null when no clock runs: those come last).
 */
type SortColumn = readonly [
  'createdAt' | 'updatedAt' | 'priority' | 'score' | 'dueAt' | 'id',
  QueryOrder.ASC | QueryOrder.DESC,
];

/**
 * The columns each sort orders by, in order. Priority ties are newest first whatever the priority's
 * direction (the queue's "most urgent, then newest" view); relevance ties (equal scores) newest
 * ticket first.
 */
export function sortColumns(sort: TicketSort): SortColumn[] {
  if (sort === 'dueAt') {
    return [
      ['dueAt', QueryOrder.ASC],
      ['id', QueryOrder.ASC],
    ];
  }
  if (sort === 'relevance') {
    return [
      ['score', QueryOrder.DESC],
      ['id', QueryOrder.DESC],
    ];
  }
  const direction = sort.startsWith('-') ? QueryOrder.DESC : QueryOrder.ASC;
  const key = sort.replace(/^-/, '') as 'createdAt' | 'updatedAt' | 'priority';
  if (key === 'priority') {
    return [
      ['priority', direction],
      ['createdAt', QueryOrder.DESC],
      ['id', QueryOrder.DESC],
    ];
  }
  return [
    [key, direction],
    ['id', direction],
  ];
}

/** What a cursor holds: the sort it was given for, the last ticket's values of its columns, and a several-word search's choice. */
interface CursorBody {
  /** The sort. */
  s: TicketSort;
  /** The values of {@link sortColumns} for the last ticket of the page: dates in ms, priority as its name, relevance as a number. */
  k: Array<number | string | null>;
  /** A search of several terms: 1 when its page read the window of texts holding them all, 0 every match (see `TicketSearch.windowed`); absent otherwise. */
  w?: 0 | 1;
}

/** Where a cursor points: after `position`, in a search that read the window or not (`windowed`; null when not a search of several terms). */
export interface CursorPosition {
  position: SortPosition;
  windowed: boolean | null;
}

const PRIORITIES = new Set<string>(Object.values(TicketPriority));

function invalid(message: string): BadRequestException {
  return new BadRequestException({ message, code: ErrorCode.InvalidCursor });
}

/**
 * A position in a sort: the values of its {@link sortColumns}, dates as `Date`, the priority as its
 * name; null only for the due time of a ticket with no running SLA clock.
 */
export type SortPosition = Array<Date | string | number | null>;

/**
 * Keyset pagination of the ticket list (the seek method): a page continues after the position of
 * the previous page's last ticket in the sort, instead of skipping `OFFSET` rows, so every page costs
 * the same however deep it is, and tickets created meanwhile do not shift the pages. A cursor is
 * opaque to clients: base64url of `{s, k}` (see {@link CursorBody}).
 *
 * `sort=relevance` pages by cursor too: the position is the last ticket's score (a double, exact
 * through JSON) and id, and the next page is read with the same search (`q`). Scores depend on
 * the whole index (bm25 and ts_rank weigh a word by how rare it is), so tickets written between
 * two pages can move others' scores a little: a ticket may then show twice or be skipped, as with
 * `page`. The cursor does not carry `q`: given with another search, it continues that search's
 * ranking from the same score. It does carry a search of several terms' choice between the window
 * of texts holding them all and every match (`w`, see `TicketSearch.several`): the two score on
 * different scales, so the next pages keep the first page's choice even when writes meanwhile would
 * tip it the other way.
 */
export const TicketCursor = {
  /**
   * The cursor pointing after `position` in `sort`.
   * @param windowed a search of several terms' choice (`TicketSearch.windowed`); null otherwise
   */
  encode(sort: TicketSort, position: SortPosition, windowed: boolean | null = null): string {
    const k = position.map((value) => (value instanceof Date ? value.getTime() : value));
    const body: CursorBody = windowed === null ? { s: sort, k } : { s: sort, k, w: windowed ? 1 : 0 };
    return Buffer.from(JSON.stringify(body)).toString('base64url');
  },

  /**
   * The position a cursor points after, and the choice of the search of several terms it continues.
   * @throws BadRequestException 400 `INVALID_CURSOR` for a cursor this API did not make, or made for another sort
   */
  decode(cursor: string, sort: TicketSort): CursorPosition {
    let body: Partial<CursorBody> | null;
    try {
      body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody> | null;
    } catch {
      throw invalid('cursor must be the nextCursor of a previous page');
    }
    const columns = sortColumns(sort);
    if (body?.s !== sort) {
      throw invalid(
        typeof body?.s === 'string'
          ? `This cursor continues the list sorted by ${body.s}; ask again with sort=${body.s}, or start over without cursor`
          : 'cursor must be the nextCursor of a previous page',
      );
    }
    const values = body.k;
    const valid =
      (body.w === undefined || body.w === 0 || body.w === 1) &&
      Array.isArray(values) &&
      values.length === columns.length &&
      columns.every(([column], i) =>
        column === 'priority'
          ? typeof values[i] === 'string' && PRIORITIES.has(values[i] as string)
          : column === 'score'
            ? Number.isFinite(values[i])
            : column === 'dueAt'
              ? values[i] === null || Number.isSafeInteger(values[i])
              : Number.isSafeInteger(values[i]),
      );
    if (!valid) throw invalid('cursor must be the nextCursor of a previous page');
    const position = columns.map(([column], i) =>
      column === 'createdAt' || column === 'updatedAt' || (column === 'dueAt' && values[i] !== null)
        ? new Date(values[i] as number)
        : values[i],
    );
    return { position, windowed: body.w === undefined ? null : body.w === 1 };
  },
};
