import { Routes } from '@angular/router';

import { authGuard } from '@hd/web/data-access';

/** Top-level routes; every feature is lazy-loaded. */
export const appRoutes: Routes = [
  {
    path: 'auth',
    loadChildren: () => import('./auth/auth.routes').then((m) => m.authRoutes),
  },
  {
    path: 'settings',
    canActivate: [authGuard],
    loadChildren: () => import('./settings/settings.routes').then((m) => m.settingsRoutes),
  },
  {
    // Guarded inside (permissionGuard(Action.ManageUsers)), so the guard stays out of the initial bundle.
    path: 'admin',
    loadChildren: () => import('./admin/admin.routes').then((m) => m.adminRoutes),
  },
  {
    // Guarded inside (permissionGuard(Action.ViewReports)); Chart.js loads with this route only.
    path: 'dashboard',
    loadChildren: () => import('./dashboard/dashboard.routes').then((m) => m.dashboardRoutes),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadChildren: () => import('./tickets/tickets.routes').then((m) => m.ticketsRoutes),
  },
  {
    path: '**',
    title: 'Page not found · Helpdesk',
    loadComponent: () => import('./not-found/not-found.component').then((m) => m.NotFoundComponent),
  },
];

/** A page many visits start on: its code, and whether it shows only with (or only without) a session. */
export interface LandingPage {
  /** True for pages behind login, false for those only logged-out visitors see. */
  session: boolean;
  /** The same import as the page's route, so the same chunk. */
  load: () => Promise<unknown>;
}

/**
 * The pages most visits start on, by path. `main.ts` starts fetching the code of the one a visit
 * lands on while Angular boots, so it arrives a round trip (and the boot time) earlier than when
 * the router asks for it; a page that would redirect (no session, or a session on the login page)
 * is not fetched.
 */
export const LANDING_PAGES: Readonly<Record<string, LandingPage>> = {
  '/auth/login': { session: false, load: () => import('./auth/login.component') },
  '/tickets': { session: true, load: () => import('./tickets/my-tickets.component') },
  '/queue': { session: true, load: () => import('./tickets/queue.component') },
};
