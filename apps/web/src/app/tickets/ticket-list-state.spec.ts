import { convertToParamMap } from '@angular/router';

import { TicketStatus } from '@hd/shared/domain';

import {
  parseTicketListState,
  searchChange,
  sortOptionsFor,
  toApiQuery,
  toQueryParams,
} from './ticket-list-state';

describe('ticket list state in the URL', () => {
  it('reads filters, sort and page from query parameters', () => {
    const state = parseTicketListState(
      convertToParamMap({
        status: 'open,reopened',
        priority: 'high',
        category: 'billing',
        assignee: 'me',
        affectedItem: 'Invoice PDF export',
        q: 'invoice',
        sort: '-priority',
        page: '3',
        pageSize: '50',
      }),
    );
    expect(state).toEqual({
      status: [TicketStatus.Open, TicketStatus.Reopened],
      priority: 'high',
      category: 'billing',
      assignee: 'me',
      affectedItem: 'Invoice PDF export',
      q: 'invoice',
      sort: '-priority',
      page: 3,
      pageSize: 50,
    });
  });

  it('ignores unknown and malformed values instead of sending them to the API', () => {
    const state = parseTicketListState(
      convertToParamMap({
        status: 'open,bogus',
        priority: 'extreme',
        sort: 'name',
        page: '-1',
        pageSize: '1000',
        assignee: 'x',
        category: 'Not A Slug!',
      }),
    );
    expect(state.status).toEqual([TicketStatus.Open]);
    expect(state.priority).toBeNull();
    expect(state.category).toBeNull();
    expect(state.sort).toBe('-updatedAt');
    expect(state.page).toBe(1);
    expect(state.pageSize).toBe(20);
    expect(state.assignee).toBeNull();
  });

  it('round-trips through query parameters, leaving defaults out', () => {
    const state = parseTicketListState(convertToParamMap({ assignee: '7', q: 'vpn' }));
    expect(toQueryParams(state)).toEqual({
      status: null,
      priority: null,
      category: null,
      assignee: '7',
      affectedItem: null,
      q: 'vpn',
      sort: null,
      page: null,
      pageSize: null,
    });
  });

  it('turns the assignee filter into the API query: me, unassigned or an agent', () => {
    const base = parseTicketListState(convertToParamMap({}));
    expect(toApiQuery({ ...base, assignee: 'me' }, 2)).toMatchObject({ assigneeId: 2, unassigned: false });
    expect(toApiQuery({ ...base, assignee: 'unassigned' }, 2)).toMatchObject({
      assigneeId: null,
      unassigned: true,
    });
    expect(toApiQuery({ ...base, assignee: 9 }, 2)).toMatchObject({ assigneeId: 9, unassigned: false });
  });

  it('sorts a search best match first unless a sort was chosen, and never asks for relevance without one', () => {
    const searching = parseTicketListState(convertToParamMap({ q: 'printer' }));
    expect(searching.sort).toBe('relevance');
    expect(toApiQuery(searching, 2).sort).toBe('relevance');
    expect(toQueryParams(searching)['sort']).toBeNull();
    const chosen = parseTicketListState(convertToParamMap({ q: 'printer', sort: '-priority' }));
    expect(chosen.sort).toBe('-priority');
    // A shared link with relevance but no search falls back to the default order.
    const stale = parseTicketListState(convertToParamMap({ sort: 'relevance' }));
    expect(stale.sort).toBe('-updatedAt');
    expect(toApiQuery({ ...searching, q: '' }, 2).sort).toBe('-updatedAt');
    expect(toQueryParams({ ...searching, q: '' })['sort']).toBeNull();
  });

  it('follows the default order when the search changes, and keeps a chosen one', () => {
    const plain = parseTicketListState(convertToParamMap({}));
    expect(searchChange(plain, 'printer')).toEqual({ q: 'printer', sort: 'relevance' });
    const searching = parseTicketListState(convertToParamMap({ q: 'printer' }));
    expect(searchChange(searching, '')).toEqual({ q: '', sort: '-updatedAt' });
    expect(searchChange({ ...plain, sort: 'createdAt' }, 'printer')).toEqual({ q: 'printer' });
  });

  it('offers "Best match" only while searching', () => {
    expect(sortOptionsFor('printer').map((o) => o.value)).toContain('relevance');
    expect(sortOptionsFor('  ').map((o) => o.value)).not.toContain('relevance');
  });
});
