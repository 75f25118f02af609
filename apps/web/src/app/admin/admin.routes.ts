import { Routes } from '@angular/router';

import { Action } from '@hd/shared/domain';
import { permissionGuard } from '@hd/web/data-access';

/** `/admin`: users, categories, automation, service levels, webhooks and the audit log, for those the permission table lets manage users. */
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
        path: 'automation',
        title: 'Automation · Admin · Helpdesk',
        canActivate: [permissionGuard(Action.ManageSettings)],
        loadComponent: () =>
          import('./automation/admin-automation.component').then((m) => m.AdminAutomationComponent),
      },
      {
        path: 'sla',
        title: 'Service levels · Admin · Helpdesk',
        canActivate: [permissionGuard(Action.ManageSettings)],
        loadComponent: () => import('./sla/admin-sla.component').then((m) => m.AdminSlaComponent),
      },
      {
        path: 'webhooks',
        title: 'Webhooks · Admin · Helpdesk',
        canActivate: [permissionGuard(Action.ManageWebhooks)],
        loadComponent: () =>
          import('./webhooks/admin-webhooks.component').then((m) => m.AdminWebhooksComponent),
      },
      {
        path: 'webhooks/:id',
        title: 'Webhook deliveries · Admin · Helpdesk',
        canActivate: [permissionGuard(Action.ManageWebhooks)],
        loadComponent: () =>
          import('./webhooks/webhook-deliveries.component').then((m) => m.WebhookDeliveriesComponent),
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
