import { QueryOrder } from '@mikro-orm/core';
import { BadRequestException } from '@nestjs/common';

import { ErrorCode, TicketPriority, TicketSort } from '@hd/shared/domain';

/** A column of a ticket sort and its direction; `id` always comes last, so every position is unique. */
type SortColumn = readonly ['createdAt' | 'updatedAt' | 'priority' | 'id', QueryOrder.ASC | QueryOrder.DESC];

/**
 * The columns each sort orders by, in order. Priority ties are newest first whatever the priority's
 * direction (the queue's "most urgent, then newest" view).
 */
export function sortColumns(sort: TicketSort): SortColumn[] {
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

/** What a cursor holds: the sort it was given for and the last ticket's values of its columns. */
interface CursorBody {
  /** The sort. */
  s: TicketSort;
  /** The values of {@link sortColumns} for the last ticket of the page: dates in ms, priority as its name. */
  k: Array<number | string>;
}

const PRIORITIES = new Set<string>(Object.values(TicketPriority));

function invalid(message: string): BadRequestException {
  return new BadRequestException({ message, code: ErrorCode.InvalidCursor });
}

/** A position in a sort: the values of its {@link sortColumns}, dates as `Date`, the priority as its name. */
export type SortPosition = Array<Date | string | number>;

/**
 * Keyset pagination of the ticket list (the seek method): a page continues after the position of
 * the previous page's last ticket in the sort, instead of skipping `OFFSET` rows, so every page costs
 * the same however deep it is, and tickets created meanwhile do not shift the pages. A cursor is
 * opaque to clients: base64url of `{s, k}` (see {@link CursorBody}).
 */
export const TicketCursor = {
  /** The cursor pointing after `position` in `sort`. */
  encode(sort: TicketSort, position: SortPosition): string {
    const k = position.map((value) => (value instanceof Date ? value.getTime() : value));
    const body: CursorBody = { s: sort, k };
    return Buffer.from(JSON.stringify(body)).toString('base64url');
  },

  /**
   * The position a cursor points after.
   * @throws BadRequestException 400 `INVALID_CURSOR` for a cursor this API did not make, or made for another sort
   */
  decode(cursor: string, sort: TicketSort): SortPosition {
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
      Array.isArray(values) &&
      values.length === columns.length &&
      columns.every(([column], i) =>
        column === 'priority'
          ? typeof values[i] === 'string' && PRIORITIES.has(values[i] as string)
          : Number.isSafeInteger(values[i]),
      );
    if (!valid) throw invalid('cursor must be the nextCursor of a previous page');
    return columns.map(([column], i) =>
      column === 'createdAt' || column === 'updatedAt' ? new Date(values[i] as number) : values[i],
    );
  },
};
