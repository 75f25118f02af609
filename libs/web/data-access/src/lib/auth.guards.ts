import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { AuthStateService } from './auth-state.service';

/**
 * Lets logged-in users through; sends others to the login page with the wanted URL as `returnUrl`.
 * (`guestGuard` and `permissionGuard` live in files of their own, so that the first page load,
 * which needs only this guard, does not carry them.)
 */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthStateService);
  return (
    auth.isLoggedIn() ||
    inject(Router).createUrlTree(['/auth/login'], { queryParams: { returnUrl: state.url } })
  );
};
