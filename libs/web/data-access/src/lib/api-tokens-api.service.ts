import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { ApiTokenListResponse, CreateApiTokenRequest, CreatedApiTokenResponse } from '@hd/shared/domain';

/**
 * `/api/users/me/api-tokens`: the caller's personal API tokens, for integrations (sent as
 * `Authorization: Bearer hd_…`). A token's value is in the answer to its creation only.
 */
@Injectable({ providedIn: 'root' })
export class ApiTokensApiService {
  private readonly http = inject(HttpClient);

  /** The caller's tokens, newest first (never their values). */
  public list(): Observable<ApiTokenListResponse> {
    return this.http.get<ApiTokenListResponse>('/api/users/me/api-tokens');
  }

  /**
   * Creates a token and returns it with its value, shown this once. Errors: 400 `VALIDATION_FAILED`
   * (`errors.name`, `errors.scopes` for a scope the role may not hold, `errors.expiresAt` for an
   * expiry not in the future, or too many tokens).
   */
  public create(body: CreateApiTokenRequest): Observable<CreatedApiTokenResponse> {
    return this.http.post<CreatedApiTokenResponse>('/api/users/me/api-tokens', body);
  }

  /** Revokes one of the caller's tokens: it stops working at once (204). Errors: 404. */
  public revoke(id: number): Observable<void> {
    return this.http.delete<void>(`/api/users/me/api-tokens/${id}`);
  }
}
