import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { PasswordResetConfirmRequest, PasswordResetRequestedResponse } from '@hd/shared/domain';

/**
 * `/api/auth/password-reset`: ask for a reset link, and set a password with the token of a reset
 * or invitation e-mail. Apart from `AuthApiService`, which the first page load needs, so that this
 * stays in the lazily loaded pages that use it.
 */
@Injectable({ providedIn: 'root' })
export class PasswordResetApiService {
  private readonly http = inject(HttpClient);

  /**
   * Asks for a password-reset e-mail; the API answers 202 alike for every address, known or not.
   * Errors: 400 for a malformed e-mail, 429.
   */
  public request(email: string): Observable<PasswordResetRequestedResponse> {
    return this.http.post<PasswordResetRequestedResponse>('/api/auth/password-reset', { email });
  }

  /**
   * Sets a new password with the token of a reset or invitation e-mail (204); every session of the
   * account ends. Errors: 400 `INVALID_TOKEN`, or a weak password (`errors.newPassword`), 429.
   */
  public confirm(body: PasswordResetConfirmRequest): Observable<void> {
    return this.http.post<void>('/api/auth/password-reset/confirm', body);
  }
}
