import { inject } from '@angular/core';
import { CanActivateFn, CanMatchFn, Router } from '@angular/router';

import type { Role } from '@hd/shared/dto';

import { AuthStateService } from './auth-state.service';

/** Lets logged-in users through; sends others to the login page with the wanted URL as `returnUrl`. */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthStateService);
  return auth.isLoggedIn() || inject(Router).createUrlTree(['/auth/login'], { queryParams: { returnUrl: state.url } });
};

/** Keeps logged-in users away from login and registration (sends them home). */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthStateService);
  return !auth.isLoggedIn() || inject(Router).createUrlTree(['/']);
};

/**
 * Matches a route only for users with one of `roles`; logged-out users go to log in, others to
 * the home page.
 */
export function roleGuard(...roles: Role[]): CanMatchFn & CanActivateFn {
  return () => {
    const user = inject(AuthStateService).user();
    const router = inject(Router);
    if (!user) return router.createUrlTree(['/auth/login'], { queryParams: { returnUrl: currentPath() } });
    return roles.includes(user.role) || router.createUrlTree(['/']);
  };
}

function currentPath(): string {
  return typeof location === 'undefined' ? '/' : location.pathname + location.search;
}
