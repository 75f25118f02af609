import { Routes } from '@angular/router';

import { Action } from '@hd/shared/domain';
import { permissionGuard } from '@hd/web/data-access';

/** `/admin`: users, categories and the audit log, for those the permission table lets manage users. */
export const adminRoutes: Routes = [
  {
    path: '',
    canActivate: [permissionGuard(Action.ManageUsers)],
    loadComponent: () => import('./admin.component').then((m) => m.AdminComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'users' },
      {
        path: 'users',
        title: 'Users · Admin · Helpdesk',
        loadComponent: () => import('./users/admin-users.component').then((m) => m.AdminUsersComponent),
      },
      {
        path: 'categories',
        title: 'Categories · Admin · Helpdesk',
        canActivate: [permissionGuard(Action.ManageCategories)],
        loadComponent: () =>
          import('./categories/admin-categories.component').then((m) => m.AdminCategoriesComponent),
      },
      {
        path: 'audit',
        title: 'Audit log · Admin · Helpdesk',
        canActivate: [permissionGuard(Action.ReadAuditLog)],
        loadComponent: () => import('./audit/audit-log.component').then((m) => m.AuditLogComponent),
      },
    ],
  },
];
