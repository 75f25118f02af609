import { Routes } from '@angular/router';

import { Action } from '@hd/shared/domain';
import { permissionGuard } from '@hd/web/data-access';

/** `/settings`: the user's profile, password and notification preferences; staff's canned responses. */
export const settingsRoutes: Routes = [
  {
    path: '',
    title: 'Settings · Helpdesk',
    loadComponent: () => import('./settings.component').then((m) => m.SettingsComponent),
  },
  {
    path: 'canned-responses',
    title: 'Canned responses · Helpdesk',
    canActivate: [permissionGuard(Action.UseCannedResponses)],
    loadComponent: () =>
      import('./canned-responses/canned-responses.component').then((m) => m.CannedResponsesComponent),
  },
];
