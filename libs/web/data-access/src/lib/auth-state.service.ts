import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, finalize, map, Observable, of, shareReplay, tap, throwError } from 'rxjs';

import { type AuthResponse, isStaff, type UserResponse } from '@hd/shared/domain';
import type { LoginRequest, RegisterRequest } from '@hd/shared/domain';

import { AuthApiService } from './auth-api.service';

/** Where the session (user and both tokens) is kept between page loads. */
export const SESSION_STORAGE_KEY = 'hd.session';

interface StoredSession {
  user: UserResponse;
  accessToken: string;
  refreshToken: string;
}

/**
 * The logged-in user and their tokens, as signals. Persists the session in `localStorage` so a
 * reload keeps the user logged in; refreshes the token pair at most once at a time.
 */
@Injectable({ providedIn: 'root' })
export class AuthStateService {
  private readonly api = inject(AuthApiService);
  private readonly router = inject(Router);

  private readonly session = signal<StoredSession | null>(readSession());
  private refreshInFlight: Observable<string> | null = null;

  /** The logged-in user, or null. */
  public readonly user = computed(() => this.session()?.user ?? null);
  /** True while someone is logged in. */
  public readonly isLoggedIn = computed(() => this.session() !== null);
  /** True for agents and admins. */
  public readonly isStaff = computed(() => {
    const user = this.user();
    return user !== null && isStaff(user.role);
  });

  /** The current access token (JWT), or null. */
  public accessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  /** Logs in and stores the session. Errors: the API's 400/401 as `HttpErrorResponse`. */
  public login(body: LoginRequest): Observable<UserResponse> {
    return this.api.login(body).pipe(
      tap((response) => this.store(response)),
      map((response) => response.user),
    );
  }

  /** Registers a customer account and logs it in. Errors: 400 (`errors.password`…), 409 (`errors.email`). */
  public register(body: RegisterRequest): Observable<UserResponse> {
    return this.api.register(body).pipe(
      tap((response) => this.store(response)),
      map((response) => response.user),
    );
  }

  /**
   * Trades the refresh token for a new pair and emits the new access token. Concurrent callers
   * share one request, because the API rotates refresh tokens and would refuse the second trade.
   * Errors: when there is no refresh token or the API refuses it (the session is then cleared).
   */
  public refresh(): Observable<string> {
    const refreshToken = this.session()?.refreshToken;
    if (!refreshToken) return throwError(() => new Error('No refresh token'));
    this.refreshInFlight ??= this.api.refresh(refreshToken).pipe(
      tap((response) => this.store(response)),
      map((response) => response.accessToken),
      catchError((error: unknown) => {
        this.clear();
        return throwError(() => error);
      }),
      finalize(() => (this.refreshInFlight = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshInFlight;
  }

  /** Revokes the refresh token (best effort), forgets the session and goes to the login page. */
  public logout(): Observable<void> {
    const refreshToken = this.session()?.refreshToken;
    const revoke = refreshToken
      ? this.api.logout(refreshToken).pipe(catchError(() => of(undefined)))
      : of(undefined);
    return revoke.pipe(
      tap(() => {
        this.clear();
        void this.router.navigateByUrl('/auth/login');
      }),
      map(() => undefined),
    );
  }

  /** Forgets the session after the server refused it, and sends the user to log in, remembering `returnUrl`. */
  public expire(returnUrl: string): void {
    this.clear();
    void this.router.navigate(['/auth/login'], { queryParams: { returnUrl, expired: 1 } });
  }

  private store(response: AuthResponse): void {
    const session: StoredSession = {
      user: response.user,
      accessToken: response.accessToken,
      refreshToken: response.refreshToken,
    };
    this.session.set(session);
    try {
      localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Private mode or a full quota: the session still lives in memory for this page.
    }
  }

  private clear(): void {
    this.session.set(null);
    try {
      localStorage.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  }
}

/**
 * Whether this browser holds a usable session (what {@link AuthStateService} starts with), read
 * before Angular boots (the landing page's preloads). False when storage is blocked or what it
 * holds is damaged.
 */
export function hasStoredSession(): boolean {
  return readSession() !== null;
}

/** The session kept in `localStorage`, or null when there is none, it is damaged or storage is blocked. */
function readSession(): StoredSession | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return parsed.user && parsed.accessToken && parsed.refreshToken ? (parsed as StoredSession) : null;
  } catch {
    return null;
  }
}
