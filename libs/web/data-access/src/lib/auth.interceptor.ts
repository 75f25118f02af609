import { HttpErrorResponse, HttpHandlerFn, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, switchMap, throwError } from 'rxjs';

import { AuthStateService } from './auth-state.service';

/** Auth endpoints that never carry the access token and never trigger a refresh. */
const PUBLIC_AUTH = /\/api\/auth\/(login|register|refresh)$/;

function withToken(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Attaches `Authorization: Bearer <access token>` to API requests. On a 401 it refreshes the
 * token pair once and retries the request; when the refresh fails, the session is cleared and the
 * user is sent to log in with the current page as `returnUrl`. The original 401 is passed on.
 */
export const authInterceptor: HttpInterceptorFn = (request: HttpRequest<unknown>, next: HttpHandlerFn) => {
  const auth = inject(AuthStateService);
  const router = inject(Router);
  if (!request.url.startsWith('/api/') || PUBLIC_AUTH.test(request.url)) return next(request);

  const token = auth.accessToken();
  return next(withToken(request, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !token)
        return throwError(() => error);
      return auth.refresh().pipe(
        catchError(() => {
          auth.expire(router.url);
          return throwError(() => error);
        }),
        switchMap((fresh) => next(withToken(request, fresh))),
      );
    }),
  );
};
