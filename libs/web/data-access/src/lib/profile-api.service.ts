import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { ChangePasswordRequest, UpdateProfileRequest, UserResponse } from '@hd/shared/domain';

/** `/api/users/me` and `/api/users/me/password`: the caller's own names and password. */
@Injectable({ providedIn: 'root' })
export class ProfileApiService {
  private readonly http = inject(HttpClient);

  /** The caller's account. Errors: 401 when it was deactivated. */
  public get(): Observable<UserResponse> {
    return this.http.get<UserResponse>('/api/users/me');
  }

  /** Changes the caller's first and last name and returns the account. Errors: 400 with `errors` per field. */
  public update(body: UpdateProfileRequest): Observable<UserResponse> {
    return this.http.patch<UserResponse>('/api/users/me', body);
  }

  /**
   * Changes the caller's password and ends their other sessions (204). Errors: 400 `WRONG_PASSWORD`
   * (`errors.currentPassword`) or a weak new password (`errors.newPassword`), 429.
   */
  public changePassword(body: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>('/api/users/me/password', body);
  }
}
