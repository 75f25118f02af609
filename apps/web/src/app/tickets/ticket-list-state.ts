import { ParamMap, Params } from '@angular/router';

import {
  AFFECTED_ITEM_MAX_LENGTH,
  CATEGORY_SLUG_PATTERN,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketSort,
  type TicketStatus,
} from '@hd/shared/domain';
import type { TicketListQuery } from '@hd/web/data-access';

/** Whose tickets a list shows: anyone's, the user's, nobody's, or one agent's (by id). */
export type AssigneeFilter = 'me' | 'unassigned' | number | null;

/** The filters, sort and page of a ticket list, as kept in the URL's query parameters. */
export interface TicketListState {
  status: TicketStatus[];
  priority: TicketPriority | null;
  /** A category slug. */
  category: string | null;
  assignee: AssigneeFilter;
  /** Exactly this affected item ('' for any). */
  affectedItem: string;
  q: string;
  sort: TicketSort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** The sort orders offered, with what people read; `relevance` only while searching (see {@link sortOptionsFor}). */
export const SORT_OPTIONS: readonly { value: TicketSort; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: '-updatedAt', label: 'Recently updated' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-priority', label: 'Highest priority' },
  { value: 'priority', label: 'Lowest priority' },
  { value: 'dueAt', label: 'SLA due first' },
];

/**
 * The sort orders to offer a customer's list for the search `q`: "Best match" only when there is
 * one, and never "SLA due first" (the web app shows SLA to staff only; the queue sorts by its Due column).
 */
export function sortOptionsFor(q: string): readonly { value: TicketSort; label: string }[] {
  return SORT_OPTIONS.filter(
    (option) => option.value !== 'dueAt' && (option.value !== 'relevance' || q.trim()),
  );
}

/** The sort of a list that names none: best match while searching (as the API), else recently updated. */
export function defaultSort(q: string): TicketSort {
  return q.trim() ? 'relevance' : '-updatedAt';
}

/** `sort`, unless it is `relevance` without a search (the API refuses that): then the default. */
function usableSort(sort: TicketSort, q: string): TicketSort {
  return sort === 'relevance' && !q.trim() ? defaultSort(q) : sort;
}

/**
 * The change of state for a new search `q`: a list in its default order follows the default of
 * the new search (best match while searching), a sort the user chose stays.
 */
export function searchChange(state: TicketListState, q: string): Partial<TicketListState> {
  return state.sort === defaultSort(state.q) ? { q, sort: defaultSort(q) } : { q };
}

const DEFAULTS: TicketListState = {
  status: [],
  priority: null,
  category: null,
  assignee: null,
  affectedItem: '',
  q: '',
  sort: '-updatedAt',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function positiveInt(value: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/** Reads a list state from query parameters, ignoring unknown or malformed values. */
export function parseTicketListState(params: ParamMap): TicketListState {
  const status = (params.get('status') ?? '')
    .split(',')
    .map((s) => oneOf(s, TICKET_STATUSES))
    .filter((s): s is TicketStatus => s !== null);
  const assigneeParam = params.get('assignee');
  const assignee: AssigneeFilter =
    assigneeParam === 'me' || assigneeParam === 'unassigned'
      ? assigneeParam
      : assigneeParam
        ? positiveInt(assigneeParam, 0) || null
        : null;
  const q = params.get('q') ?? '';
  const sort = oneOf(
    params.get('sort'),
    SORT_OPTIONS.map((o) => o.value),
  );
  return {
    status,
    priority: oneOf(params.get('priority'), TICKET_PRIORITIES),
    category: CATEGORY_SLUG_PATTERN.test(params.get('category') ?? '') ? params.get('category') : null,
    assignee,
    affectedItem: (params.get('affectedItem') ?? '').slice(0, AFFECTED_ITEM_MAX_LENGTH),
    q,
    sort: usableSort(sort ?? defaultSort(q), q),
    page: positiveInt(params.get('page'), DEFAULTS.page),
    pageSize: positiveInt(params.get('pageSize'), DEFAULTS.pageSize, MAX_PAGE_SIZE),
  };
}

/** The query parameters for a list state; defaults are left out so URLs stay short. Null removes a parameter. */
export function toQueryParams(state: TicketListState): Params {
  return {
    status: state.status.length ? state.status.join(',') : null,
    priority: state.priority,
    category: state.category,
    assignee: state.assignee === null ? null : String(state.assignee),
    affectedItem: state.affectedItem.trim() || null,
    q: state.q.trim() || null,
    sort: usableSort(state.sort, state.q) === defaultSort(state.q) ? null : usableSort(state.sort, state.q),
    page: state.page === DEFAULTS.page ? null : state.page,
    pageSize: state.pageSize === DEFAULTS.pageSize ? null : state.pageSize,
  };
}

/** The API query for a list state; `meId` resolves the "me" assignee filter. */
export function toApiQuery(state: TicketListState, meId: number | null): TicketListQuery {
  return {
    status: state.status,
    priority: state.priority,
    category: state.category,
    assigneeId: state.assignee === 'me' ? meId : typeof state.assignee === 'number' ? state.assignee : null,
    unassigned: state.assignee === 'unassigned',
    affectedItem: state.affectedItem,
    q: state.q,
    sort: usableSort(state.sort, state.q),
    page: state.page,
    pageSize: state.pageSize,
  };
}
