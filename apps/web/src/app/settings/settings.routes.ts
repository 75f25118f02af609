import { Routes } from '@angular/router';

/** `/settings`: the user's profile, password and notification preferences. */
export const settingsRoutes: Routes = [
  {
    path: '',
    title: 'Settings · Helpdesk',
    loadComponent: () => import('./settings.component').then((m) => m.SettingsComponent),
  },
];
