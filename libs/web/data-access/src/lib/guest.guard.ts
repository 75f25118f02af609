import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { AuthStateService } from './auth-state.service';

/** Keeps logged-in users away from login and registration (sends them home). */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthStateService);
  return !auth.isLoggedIn() || inject(Router).createUrlTree(['/']);
};
