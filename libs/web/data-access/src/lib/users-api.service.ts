import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';

import {
  type AdminUserResponse,
  type AgentSummary,
  MAX_PAGE_SIZE,
  Role,
  type UserPageResponse,
} from '@hd/shared/domain';
import type { CreateUserRequest, UpdateUserRequest } from '@hd/shared/domain';

/** Query of `GET /api/users`; absent or empty values are not sent. */
export interface UserListQuery {
  /** Only users with this role (`agent` also lists admins). */
  role?: Role | null;
  /** true: only active users; false: only deactivated ones; null or absent: both. */
  active?: boolean | null;
  /** Substring of the full name or the e-mail. */
  q?: string | null;
  /** 1-based. */
  page?: number;
  /** 1 to 100. */
  pageSize?: number;
}

/**
 * `/api/users`: the staff for the assignee picker (agents and admins), and user administration
 * (admins: list, read, create, change).
 */
@Injectable({ providedIn: 'root' })
export class UsersApiService {
  private readonly http = inject(HttpClient);

  /**
   * The active agents and admins, for the assignee picker (the first {@link MAX_PAGE_SIZE}, by name).
   * Errors: 403 for customers.
   */
  public listAgents(): Observable<AgentSummary[]> {
    return this.list({ role: Role.Agent, active: true, pageSize: MAX_PAGE_SIZE }).pipe(
      map((page) => page.items),
    );
  }

  /**
   * One page of users, by first name, last name and id. Admins list everyone; agents get only the
   * active staff, whatever they ask. Errors: 400 on a bad filter, 403 for customers.
   */
  public list(query: UserListQuery = {}): Observable<UserPageResponse> {
    let params = new HttpParams();
    if (query.role) params = params.set('role', query.role);
    if (query.active !== undefined && query.active !== null) params = params.set('active', query.active);
    if (query.q?.trim()) params = params.set('q', query.q.trim());
    if (query.page) params = params.set('page', query.page);
    if (query.pageSize) params = params.set('pageSize', query.pageSize);
    return this.http.get<UserPageResponse>('/api/users', { params });
  }

  /** One user with the number of unfinished tickets assigned to them (admins). Errors: 403, 404. */
  public get(id: number): Observable<AdminUserResponse> {
    return this.http.get<AdminUserResponse>(`/api/users/${id}`);
  }

  /**
   * Creates a user (admins); without `password` they are e-mailed an invitation to choose one.
   * Errors: 400 with `errors` per field, 403, 409 `EMAIL_TAKEN`.
   */
  public create(body: CreateUserRequest): Observable<AdminUserResponse> {
    return this.http.post<AdminUserResponse>('/api/users', body);
  }

  /**
   * Changes a user's names, e-mail, role or status (admins); `active: false` deactivates them.
   * Errors: 400, 403, 404, 409 `LAST_ADMIN`, `SELF_DEMOTION` or `EMAIL_TAKEN`.
   */
  public update(id: number, body: UpdateUserRequest): Observable<AdminUserResponse> {
    return this.http.patch<AdminUserResponse>(`/api/users/${id}`, body);
  }
}
