import { inject } from '@angular/core';
import { Routes } from '@angular/router';

import { Action } from '@hd/shared/domain';
import { AuthStateService, permissionGuard } from '@hd/web/data-access';

/** The customer portal (`/tickets`, `/tickets/new`), the agent console (`/queue`) and the ticket page both share. */
export const ticketsRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    redirectTo: () => (inject(AuthStateService).isStaff() ? '/queue' : '/tickets'),
  },
  {
    path: 'tickets',
    pathMatch: 'full',
    title: 'My tickets · Helpdesk',
    canActivate: [permissionGuard(Action.UseCustomerPortal)],
    loadComponent: () => import('./my-tickets.component').then((m) => m.MyTicketsComponent),
  },
  {
    path: 'tickets/new',
    title: 'New ticket · Helpdesk',
    canActivate: [permissionGuard(Action.UseCustomerPortal)],
    loadComponent: () => import('./new-ticket.component').then((m) => m.NewTicketComponent),
  },
  {
    path: 'tickets/:id',
    title: 'Ticket · Helpdesk',
    loadComponent: () => import('./ticket-detail.component').then((m) => m.TicketDetailComponent),
  },
  {
    path: 'queue',
    title: 'Queue · Helpdesk',
    canActivate: [permissionGuard(Action.WorkQueue)],
    loadComponent: () => import('./queue.component').then((m) => m.QueueComponent),
  },
];
