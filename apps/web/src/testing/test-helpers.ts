import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, Injectable, Provider, signal } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { filter, Observable, Subject } from 'rxjs';

import {
  type NotificationResponse,
  type ReplyResponse,
  Role,
  TicketCategory,
  type TicketDetailResponse,
  TicketPriority,
  type TicketResponse,
  TicketStatus,
  type UserResponse,
} from '@hd/shared/domain';
import { authInterceptor, RealtimeService, SESSION_STORAGE_KEY } from '@hd/web/data-access';

/** The customer of the fixtures. */
export const CUSTOMER: UserResponse = {
  id: 4,
  email: 'customer@example.com',
  name: 'Casey Customer',
  role: Role.Customer,
  active: true,
  createdAt: '2026-11-01T00:00:00.000Z',
};
/** The agent of the fixtures. */
export const AGENT: UserResponse = {
  id: 2,
  email: 'agent@example.com',
  name: 'Alex Agent',
  role: Role.Agent,
  active: true,
  createdAt: '2026-11-01T00:00:00.000Z',
};

/** Stores a session for `user`, as if they had logged in before the page loaded. */
export function logInAs(user: UserResponse): void {
  localStorage.setItem(
    SESSION_STORAGE_KEY,
    JSON.stringify({ user, accessToken: `token-${user.id}`, refreshToken: `refresh-${user.id}` }),
  );
}

/** Router, HTTP (with the real interceptor) against HttpTestingController, and Material without animations. */
export function testProviders(): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter([]),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    { provide: RealtimeService, useClass: FakeRealtimeService },
  ];
}

/**
 * Stands in for the socket in component tests (the real one is tested against a socket.io server
 * in web-data-access): tests push events through the subjects and read which tickets are watched.
 */
@Injectable()
export class FakeRealtimeService {
  /** Push a live notification. */
  public readonly notification = new Subject<NotificationResponse>();
  /** Push a `ticket.updated`. */
  public readonly ticketUpdated = new Subject<TicketResponse>();
  /** Signal a reconnection. */
  public readonly reconnected = new Subject<void>();
  /** As RealtimeService.status: always connected. */
  public readonly status = signal('connected').asReadonly();
  /** Ids of the tickets currently watched, one entry per watcher. */
  public readonly watched: number[] = [];

  /** As RealtimeService.notifications$. */
  public readonly notifications$ = this.notification.asObservable();
  /** As RealtimeService.reconnected$. */
  public readonly reconnected$ = this.reconnected.asObservable();

  /** As RealtimeService.ticketUpdates(), recording the watcher in `watched`. */
  public ticketUpdates(ticketId: number): Observable<TicketResponse> {
    return new Observable<TicketResponse>((subscriber) => {
      this.watched.push(ticketId);
      const subscription = this.ticketUpdated.pipe(filter((t) => t.id === ticketId)).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.watched.splice(this.watched.indexOf(ticketId), 1);
      };
    });
  }
}

/** A ticket of the customer above, with `replies`. */
export function aTicket(
  overrides: Partial<TicketDetailResponse> = {},
  replies: ReplyResponse[] = [],
): TicketDetailResponse {
  return {
    id: 5,
    subject: 'Cannot download my invoice',
    description: 'The button does nothing.',
    status: TicketStatus.Open,
    priority: TicketPriority.Medium,
    category: TicketCategory.Billing,
    customer: { id: CUSTOMER.id, name: CUSTOMER.name, email: CUSTOMER.email },
    assignee: null,
    createdAt: '2026-11-22T09:00:00.000Z',
    updatedAt: '2026-11-22T09:30:00.000Z',
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    replies,
    ...overrides,
  };
}
