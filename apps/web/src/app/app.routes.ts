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
