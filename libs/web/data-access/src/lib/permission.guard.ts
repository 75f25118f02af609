import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { type Action, can } from '@hd/shared/domain';

import { AuthStateService } from './auth-state.service';

/**
 * Lets through only users whose role the permission table allows to take `action` (e.g.
 * `Action.WorkQueue` for the agent console); logged-out users go to log in (with the wanted URL as
 * `returnUrl`), others to the home page, which sends each role to its own start page.
 */
export function permissionGuard(action: Action): CanActivateFn {
  return (_route, state) => {
    const user = inject(AuthStateService).user();
    const router = inject(Router);
    if (!user) return router.createUrlTree(['/auth/login'], { queryParams: { returnUrl: state.url } });
    return can(user.role, action) || router.createUrlTree(['/']);
  };
}
