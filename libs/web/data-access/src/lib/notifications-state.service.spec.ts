import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';

import {
  type NotificationPageResponse,
  type NotificationResponse,
  NotificationType,
  Role,
} from '@hd/shared/domain';

import { AuthStateService, SESSION_STORAGE_KEY } from './auth-state.service';
import { NotificationsStateService, RECENT_NOTIFICATIONS } from './notifications-state.service';
import { RealtimeService } from './realtime.service';

function aNotification(id: number, read = false): NotificationResponse {
  return {
    id,
    type: NotificationType.TicketReplied,
    ticketId: 5,
    title: `Notification ${id}`,
    body: '',
    createdAt: '2026-11-22T09:30:00.000Z',
    read,
    readAt: read ? '2026-11-22T09:31:00.000Z' : null,
  };
}

function aPage(items: NotificationResponse[], unreadCount: number): NotificationPageResponse {
  return { items, total: items.length, unreadCount, page: 1, pageSize: RECENT_NOTIFICATIONS };
}

const LIST_URL = `/api/notifications?pageSize=${RECENT_NOTIFICATIONS}`;

describe('NotificationsStateService', () => {
  let http: HttpTestingController;
  let state: NotificationsStateService;
  const live = { notifications$: new Subject<NotificationResponse>(), reconnected$: new Subject<void>() };

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({
        user: { id: 4, email: 'c@example.com', name: 'C', role: Role.Customer, active: true, createdAt: '' },
        accessToken: 'a',
        refreshToken: 'r',
      }),
    );
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RealtimeService, useValue: live },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    state = TestBed.inject(NotificationsStateService);
    TestBed.tick();
  });

  afterEach(() => http.verify());

  it('loads the recent notifications and the unread count for the logged-in user', () => {
    expect(state.loading()).toBe(true);
    http.expectOne(LIST_URL).flush(aPage([aNotification(2), aNotification(1, true)], 7));
    expect(state.items().map((n) => n.id)).toEqual([2, 1]);
    expect(state.unreadCount()).toBe(7);
    expect(state.loading()).toBe(false);
  });

  it('prepends live notifications once each, counts them as unread and announces them', () => {
    http.expectOne(LIST_URL).flush(aPage([aNotification(1)], 1));
    const arrived: number[] = [];
    state.arrived$.subscribe((n) => arrived.push(n.id));
    live.notifications$.next(aNotification(2));
    live.notifications$.next(aNotification(2));
    expect(state.items().map((n) => n.id)).toEqual([2, 1]);
    expect(state.unreadCount()).toBe(2);
    expect(arrived).toEqual([2]);
  });

  it('keeps at most the recent ones', () => {
    const many = Array.from({ length: RECENT_NOTIFICATIONS }, (_, i) =>
      aNotification(RECENT_NOTIFICATIONS - i),
    );
    http.expectOne(LIST_URL).flush(aPage(many, 0));
    live.notifications$.next(aNotification(100));
    expect(state.items()).toHaveLength(RECENT_NOTIFICATIONS);
    expect(state.items()[0].id).toBe(100);
  });

  it('fetches again after a reconnection, so notifications sent while offline show up', () => {
    http.expectOne(LIST_URL).flush(aPage([aNotification(1)], 1));
    live.reconnected$.next();
    http.expectOne(LIST_URL).flush(aPage([aNotification(3), aNotification(2), aNotification(1)], 3));
    expect(state.items().map((n) => n.id)).toEqual([3, 2, 1]);
    expect(state.unreadCount()).toBe(3);
  });

  it('marks one read at once and puts it back when the server refuses', () => {
    http.expectOne(LIST_URL).flush(aPage([aNotification(2), aNotification(1)], 2));
    state.markRead(aNotification(2)).subscribe();
    expect(state.unreadCount()).toBe(1);
    expect(state.items()[0].read).toBe(true);
    http.expectOne('/api/notifications/2/read').flush({ ...aNotification(2, true) });

    let failed: unknown;
    state.markRead(aNotification(1)).subscribe({ error: (error) => (failed = error) });
    expect(state.unreadCount()).toBe(0);
    http
      .expectOne('/api/notifications/1/read')
      .flush({ statusCode: 404 }, { status: 404, statusText: 'Not Found' });
    expect(failed).toBeInstanceOf(HttpErrorResponse);
    expect(state.unreadCount()).toBe(1);
    expect(state.items()[1].read).toBe(false);
  });

  it('marks all read', () => {
    http.expectOne(LIST_URL).flush(aPage([aNotification(2), aNotification(1)], 5));
    let updated = 0;
    state.markAllRead().subscribe((count) => (updated = count));
    const request = http.expectOne('/api/notifications/read-all');
    expect(request.request.method).toBe('POST');
    request.flush({ updated: 5 });
    expect(updated).toBe(5);
    expect(state.unreadCount()).toBe(0);
    expect(state.items().every((n) => n.read)).toBe(true);
  });

  it('empties itself at logout', () => {
    http.expectOne(LIST_URL).flush(aPage([aNotification(1)], 1));
    TestBed.inject(AuthStateService).expire('/');
    TestBed.tick();
    expect(state.items()).toEqual([]);
    expect(state.unreadCount()).toBe(0);
  });
});
