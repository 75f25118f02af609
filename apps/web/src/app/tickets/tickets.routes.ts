import { inject } from '@angular/core';
import { Routes } from '@angular/router';

import { Role } from '@hd/shared/domain';
import { AuthStateService, roleGuard } from '@hd/web/data-access';

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
    canActivate: [roleGuard(Role.Customer)],
    loadComponent: () => import('./my-tickets.component').then((m) => m.MyTicketsComponent),
  },
  {
    path: 'tickets/new',
    title: 'New ticket · Helpdesk',
    canActivate: [roleGuard(Role.Customer)],
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
    canActivate: [roleGuard(Role.Agent, Role.Admin)],
    loadComponent: () => import('./queue.component').then((m) => m.QueueComponent),
  },
];
