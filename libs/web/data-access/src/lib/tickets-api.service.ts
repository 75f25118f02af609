import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  TicketDetailResponse,
  TicketPageResponse,
  TicketPriority,
  TicketResponse,
  TicketSort,
  TicketStatus,
  TicketStatusCountsResponse,
} from '@hd/shared/domain';
import type { CreateTicketRequest, UpdateTicketRequest } from '@hd/shared/domain';

/** Filters, sort and page of `GET /api/tickets`; absent or empty values are not sent. */
export interface TicketListQuery {
  status?: readonly TicketStatus[];
  priority?: TicketPriority | null;
  /** A category slug. */
  category?: string | null;
  /** Exactly this affected item. */
  affectedItem?: string | null;
  /** Only tickets assigned to this user id. */
  assigneeId?: number | null;
  /** Only tickets nobody is assigned to. */
  unassigned?: boolean;
  /** Substring of subject or description, or a ticket number (`TICK-…`) for that ticket. */
  q?: string | null;
  sort?: TicketSort;
  /** 1-based. */
  page?: number;
  /** 1 to 100. */
  pageSize?: number;
}

/**
 * `If-Match` for a change based on `version` of ticket `id` (its `ETag`, `"<id>.<version>"`): the API
 * answers 412 `PRECONDITION_FAILED` instead of overwriting a newer version. No version: no header.
 */
function ifMatch(id: number, version: number | undefined): Record<string, string> {
  return version === undefined ? {} : { 'If-Match': `"${id}.${version}"` };
}

/** `/api/tickets`: list, read, open, edit, delete, move through the workflow and assign tickets. */
@Injectable({ providedIn: 'root' })
export class TicketsApiService {
  private readonly http = inject(HttpClient);

  /** One page of the tickets the user may see (a customer only ever gets their own). Errors: 400 on a bad filter. */
  public list(query: TicketListQuery = {}): Observable<TicketPageResponse> {
    return this.http.get<TicketPageResponse>('/api/tickets', { params: this.params(query) });
  }

  /**
   * Tickets per status under the same filters, `status` ignored (for filter chips); `sort` matters
   * only with a search (sorted by relevance, a search of common words counts its newest matches and
   * says `totalIsEstimate`). Errors: 400 on a bad filter.
   */
  public counts(
    query: Omit<TicketListQuery, 'status' | 'page' | 'pageSize'> = {},
  ): Observable<TicketStatusCountsResponse> {
    return this.http.get<TicketStatusCountsResponse>('/api/tickets/counts', { params: this.params(query) });
  }

  private params(query: TicketListQuery): HttpParams {
    let params = new HttpParams();
    if (query.status?.length) params = params.set('status', query.status.join(','));
    if (query.priority) params = params.set('priority', query.priority);
    if (query.category) params = params.set('category', query.category);
    if (query.affectedItem?.trim()) params = params.set('affectedItem', query.affectedItem.trim());
    if (query.assigneeId) params = params.set('assigneeId', query.assigneeId);
    if (query.unassigned) params = params.set('unassigned', 'true');
    if (query.q?.trim()) params = params.set('q', query.q.trim());
    if (query.sort) params = params.set('sort', query.sort);
    if (query.page) params = params.set('page', query.page);
    if (query.pageSize) params = params.set('pageSize', query.pageSize);
    return params;
  }

  /**
   * A ticket with its thread, oldest first, by id or by number (`TICK-YYYYMMDD-NNNN`).
   * Errors: 404 when it does not exist or is not the user's.
   */
  public get(ref: number | string): Observable<TicketDetailResponse> {
    return this.http.get<TicketDetailResponse>(`/api/tickets/${encodeURIComponent(ref)}`);
  }

  /**
   * Opens a ticket (status `open`). Errors: 400 with `errors` per field (`INVALID_CONTACT_NUMBER`,
   * `INVALID_CATEGORY`).
   */
  public create(body: CreateTicketRequest): Observable<TicketResponse> {
    return this.http.post<TicketResponse>('/api/tickets', body);
  }

  /**
   * Edits subject, description, category, contact number and affected item (null clears those two)
   * and, for staff, the priority. Errors: 400 (`INVALID_CONTACT_NUMBER`, `INVALID_CATEGORY`, with
   * `errors` per field), 403, 404, 409 `TICKET_NOT_EDITABLE`.
   */
  public update(id: number, body: UpdateTicketRequest, version?: number): Observable<TicketResponse> {
    return this.http.patch<TicketResponse>(`/api/tickets/${id}`, body, { headers: ifMatch(id, version) });
  }

  /** Deletes a ticket (while the API allows it). Errors: 403, 404, 409 `TICKET_NOT_DELETABLE`. */
  public remove(id: number): Observable<void> {
    return this.http.delete<void>(`/api/tickets/${id}`);
  }

  /** Moves a ticket to `status` along the workflow. Errors: 400 `INVALID_TRANSITION`/`REOPEN_WINDOW_EXPIRED`, 403 `ROLE_FORBIDDEN`. */
  public changeStatus(id: number, status: TicketStatus, version?: number): Observable<TicketResponse> {
    return this.http.patch<TicketResponse>(
      `/api/tickets/${id}/status`,
      { status },
      { headers: ifMatch(id, version) },
    );
  }

  /**
   * Assigns a ticket (staff only): `undefined` assigns the caller, a number that agent, `null` unassigns.
   * Errors: 400 `INVALID_ASSIGNEE`, 403, 404.
   */
  public assign(id: number, agentId?: number | null): Observable<TicketResponse> {
    return this.http.post<TicketResponse>(
      `/api/tickets/${id}/assign`,
      agentId === undefined ? {} : { agentId },
    );
  }
}
