import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { TicketHistoryResponse } from '@hd/shared/domain';

/** `/api/tickets/:id/history`: who changed what on a ticket. */
@Injectable({ providedIn: 'root' })
export class TicketHistoryApiService {
  private readonly http = inject(HttpClient);

  /**
   * The ticket's recorded changes, oldest first (customers get no internal-note events); `ticket` is
   * its id or its number. Errors: 404.
   */
  public list(ticket: number | string): Observable<TicketHistoryResponse> {
    return this.http.get<TicketHistoryResponse>(`/api/tickets/${encodeURIComponent(ticket)}/history`);
  }
}
