import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CannedResponseListResponse,
  CannedResponseResponse,
  CreateCannedResponseRequest,
  UpdateCannedResponseRequest,
} from '@hd/shared/domain';

/**
 * `/api/canned-responses`: reply templates of agents and admins. Shared ones are seen by all staff
 * and changed by admins; personal ones only by their owner (anyone else gets 404).
 */
@Injectable({ providedIn: 'root' })
export class CannedResponsesApiService {
  private readonly http = inject(HttpClient);

  /** The shared canned responses and the user's personal ones, by title. Errors: 403 for customers. */
  public list(): Observable<CannedResponseListResponse> {
    return this.http.get<CannedResponseListResponse>('/api/canned-responses');
  }

  /** Adds a personal one, or (admins) a shared one. Errors: 400 (`errors.title`, `errors.body`), 403. */
  public create(body: CreateCannedResponseRequest): Observable<CannedResponseResponse> {
    return this.http.post<CannedResponseResponse>('/api/canned-responses', body);
  }

  /** Changes one's own personal one, or (admins) a shared one. Errors: 400, 403, 404. */
  public update(id: number, body: UpdateCannedResponseRequest): Observable<CannedResponseResponse> {
    return this.http.patch<CannedResponseResponse>(`/api/canned-responses/${id}`, body);
  }

  /** Deletes one's own personal one, or (admins) a shared one. Errors: 403, 404. */
  public remove(id: number): Observable<void> {
    return this.http.delete<void>(`/api/canned-responses/${id}`);
  }
}
