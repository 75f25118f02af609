import { Routes } from '@angular/router';

/** `/auth/login` and `/auth/register`. */
export const authRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'login' },
  {
    path: 'login',
    title: 'Log in · Helpdesk',
    loadComponent: () => import('./login.component').then((m) => m.LoginComponent),
  },
  {
    path: 'register',
    title: 'Create an account · Helpdesk',
    loadComponent: () => import('./register.component').then((m) => m.RegisterComponent),
  },
];
