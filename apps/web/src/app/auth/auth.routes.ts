import { Routes } from '@angular/router';

import { guestGuard } from '@hd/web/data-access';

/**
 * `/auth/login` and `/auth/register` (for logged-out users only), `/auth/forgot` and
 * `/auth/reset?token=…` (the page the password-reset and invitation e-mails link to).
 */
export const authRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'login' },
  {
    path: 'login',
    title: 'Log in · Helpdesk',
    canActivate: [guestGuard],
    loadComponent: () => import('./login.component').then((m) => m.LoginComponent),
  },
  {
    path: 'register',
    title: 'Create an account · Helpdesk',
    canActivate: [guestGuard],
    loadComponent: () => import('./register.component').then((m) => m.RegisterComponent),
  },
  {
    path: 'forgot',
    title: 'Reset your password · Helpdesk',
    loadComponent: () => import('./forgot-password.component').then((m) => m.ForgotPasswordComponent),
  },
  {
    path: 'reset',
    title: 'Choose a password · Helpdesk',
    loadComponent: () => import('./reset-password.component').then((m) => m.ResetPasswordComponent),
  },
];
