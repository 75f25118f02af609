import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { AuthResponse, UserResponse } from '@hd/shared/domain';
import type { LoginRequest, RegisterRequest } from '@hd/shared/domain';

/** `/api/auth`: register, log in, trade a refresh token, log out, and who am I. */
@Injectable({ providedIn: 'root' })
export class AuthApiService {
  private readonly http = inject(HttpClient);

  /** Creates a customer account and logs it in. Errors: 400 with `errors.password`, 409 with `errors.email`. */
  public register(body: RegisterRequest): Observable<AuthResponse> {
    return this.http.post<AuthResponse>('/api/auth/register', body);
  }

  /** Logs in with e-mail and password. Errors: 401 `INVALID_CREDENTIALS`. */
  public login(body: LoginRequest): Observable<AuthResponse> {
    return this.http.post<AuthResponse>('/api/auth/login', body);
  }

  /** Trades a refresh token (once) for a new token pair. Errors: 401 when it is expired, revoked or reused. */
  public refresh(refreshToken: string): Observable<AuthResponse> {
    return this.http.post<AuthResponse>('/api/auth/refresh', { refreshToken });
  }

  /** Revokes a refresh token; answers 204 whether or not it was valid. */
  public logout(refreshToken: string): Observable<void> {
    return this.http.post<void>('/api/auth/logout', { refreshToken });
  }

  /** The logged-in user's account. Errors: 401 without a valid access token. */
  public me(): Observable<UserResponse> {
    return this.http.get<UserResponse>('/api/auth/me');
  }
}
