import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { AuditPageResponse } from '@hd/shared/domain';

/** `/api/audit`: the log of admin actions on users, categories and settings (admins only). */
@Injectable({ providedIn: 'root' })
export class AuditApiService {
  private readonly http = inject(HttpClient);

  /** One page of the audit log, newest first (`page` is 1-based). Errors: 400 on a bad page, 403. */
  public list(page: number, pageSize: number): Observable<AuditPageResponse> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<AuditPageResponse>('/api/audit', { params });
  }
}
