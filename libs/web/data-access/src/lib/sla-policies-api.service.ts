import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  SlaPolicyChange,
  SlaPolicyListResponse,
  SlaPolicyResponse,
  TicketPriority,
} from '@hd/shared/domain';

/** `/api/sla-policies`: the SLA targets per priority; staff read them, admins change them. */
@Injectable({ providedIn: 'root' })
export class SlaPoliciesApiService {
  private readonly http = inject(HttpClient);

  /** Every priority's targets, most urgent first. Errors: 403 for customers. */
  public list(): Observable<SlaPolicyListResponse> {
    return this.http.get<SlaPolicyListResponse>('/api/sla-policies');
  }

  /**
   * Sets both targets of `priority`, in minutes (admins). Errors: 400 with `errors` per field (not
   * whole minutes, outside 1 to 525,600, resolution sooner than first response), 403.
   */
  public update(priority: TicketPriority, change: SlaPolicyChange): Observable<SlaPolicyResponse> {
    return this.http.put<SlaPolicyResponse>(`/api/sla-policies/${priority}`, change);
  }
}
