import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { ReplyResponse } from '@hd/shared/domain';
import type { CreateReplyRequest } from '@hd/shared/domain';

/** `/api/tickets/:id/replies`: a ticket's thread of public replies and internal notes. */
@Injectable({ providedIn: 'root' })
export class RepliesApiService {
  private readonly http = inject(HttpClient);

  /** The thread, oldest first (internal notes only for staff). Errors: 404. */
  public list(ticketId: number): Observable<ReplyResponse[]> {
    return this.http.get<ReplyResponse[]>(`/api/tickets/${ticketId}/replies`);
  }

  /**
   * Adds a public reply, or an internal note with `internal: true` (staff only). A customer's reply
   * moves a ticket waiting on them back to in progress. Errors: 400, 403, 404, 409 `TICKET_CLOSED`.
   */
  public create(ticketId: number, body: CreateReplyRequest): Observable<ReplyResponse> {
    return this.http.post<ReplyResponse>(`/api/tickets/${ticketId}/replies`, body);
  }
}
