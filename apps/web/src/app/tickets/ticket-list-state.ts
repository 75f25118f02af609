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

/** The sort orders offered, with what people read. */
export const SORT_OPTIONS: readonly { value: TicketSort; label: string }[] = [
  { value: '-updatedAt', label: 'Recently updated' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-priority', label: 'Highest priority' },
  { value: 'priority', label: 'Lowest priority' },
];

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
  return {
    status,
    priority: oneOf(params.get('priority'), TICKET_PRIORITIES),
    category: CATEGORY_SLUG_PATTERN.test(params.get('category') ?? '') ? params.get('category') : null,
    assignee,
    affectedItem: (params.get('affectedItem') ?? '').slice(0, AFFECTED_ITEM_MAX_LENGTH),
    q: params.get('q') ?? '',
    sort:
      oneOf(
        params.get('sort'),
        SORT_OPTIONS.map((o) => o.value),
      ) ?? DEFAULTS.sort,
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
    sort: state.sort === DEFAULTS.sort ? null : state.sort,
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
    sort: state.sort,
    page: state.page,
    pageSize: state.pageSize,
  };
}
