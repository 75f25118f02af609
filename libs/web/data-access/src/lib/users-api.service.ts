import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { AgentSummary } from '@hd/shared/domain';

/** `/api/users` (staff only): people to pick as assignee. */
@Injectable({ providedIn: 'root' })
export class UsersApiService {
  private readonly http = inject(HttpClient);

  /** Agents and admins, for the assignee picker. Errors: 403 for customers. */
  public listAgents(): Observable<AgentSummary[]> {
    return this.http.get<AgentSummary[]>('/api/users', { params: new HttpParams().set('role', 'agent') });
  }
}
