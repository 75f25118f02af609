import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subject, Subscription } from 'rxjs';

import type { NotificationResponse } from '@hd/shared/domain';

import { AuthStateService } from './auth-state.service';
import { NotificationsApiService } from './notifications-api.service';
import { RealtimeService } from './realtime.service';

/** How many recent notifications the bell's menu keeps. */
export const RECENT_NOTIFICATIONS = 20;

/**
 * The logged-in user's recent notifications and unread count, as signals: loaded from REST at
 * login, live ones prepended as the socket delivers them, and re-fetched after every reconnect so
 * nothing sent while offline is lost. Emptied at logout.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsStateService {
  private readonly api = inject(NotificationsApiService);
  private readonly auth = inject(AuthStateService);
  private readonly realtime = inject(RealtimeService);

  private readonly itemsSignal = signal<NotificationResponse[]>([]);
  private readonly unreadSignal = signal(0);
  private readonly loadingSignal = signal(false);
  private readonly errorSignal = signal(false);
  private readonly arrivedSubject = new Subject<NotificationResponse>();
  private loadSubscription: Subscription | null = null;
  private readonly userId = computed(() => this.auth.user()?.id ?? null);

  /** The most recent notifications (at most {@link RECENT_NOTIFICATIONS}), newest first. */
  public readonly items = this.itemsSignal.asReadonly();
  /** How many of the user's notifications are unread (all of them, not only the listed ones). */
  public readonly unreadCount = this.unreadSignal.asReadonly();
  /** True while the list is being fetched. */
  public readonly loading = this.loadingSignal.asReadonly();
  /** True when the last fetch failed. */
  public readonly loadFailed = this.errorSignal.asReadonly();
  /** Each notification as it arrives live (after it was added to `items`), e.g. for a snackbar. */
  public readonly arrived$: Observable<NotificationResponse> = this.arrivedSubject.asObservable();

  /** Loads the list whenever a user logs in, empties it at logout, and listens to the socket. */
  public constructor() {
    effect(() => {
      const userId = this.userId();
      untracked(() => (userId === null ? this.clear() : this.reload()));
    });
    this.realtime.notifications$
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((notification) => this.add(notification));
    this.realtime.reconnected$.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.reload());
  }

  /** Fetches the recent notifications and the unread count again (the last request wins). */
  public reload(): void {
    this.loadSubscription?.unsubscribe();
    this.loadingSignal.set(true);
    this.loadSubscription = this.api.list({ pageSize: RECENT_NOTIFICATIONS }).subscribe({
      next: (page) => {
        this.itemsSignal.set(page.items);
        this.unreadSignal.set(page.unreadCount);
        this.loadingSignal.set(false);
        this.errorSignal.set(false);
      },
      error: () => {
        this.loadingSignal.set(false);
        this.errorSignal.set(true);
      },
    });
  }

  /**
   * Marks one notification read (at once in the list, then on the server; put back on failure).
   * Errors: the API's (404 when it is not the user's).
   */
  public markRead(notification: NotificationResponse): Observable<void> {
    return new Observable<void>((subscriber) => {
      const wasUnread = this.setRead(notification.id, true);
      return this.api.markRead(notification.id).subscribe({
        next: () => {
          subscriber.next();
          subscriber.complete();
        },
        error: (error: unknown) => {
          if (wasUnread) this.setRead(notification.id, false);
          subscriber.error(error);
        },
      });
    });
  }

  /** Marks every notification read; emits how many changed. Errors: the API's (the list is then re-fetched). */
  public markAllRead(): Observable<number> {
    return new Observable<number>((subscriber) =>
      this.api.markAllRead().subscribe({
        next: ({ updated }) => {
          const readAt = new Date().toISOString();
          this.itemsSignal.update((items) =>
            items.map((item) => (item.read ? item : { ...item, read: true, readAt })),
          );
          this.unreadSignal.set(0);
          subscriber.next(updated);
          subscriber.complete();
        },
        error: (error: unknown) => {
          this.reload();
          subscriber.error(error);
        },
      }),
    );
  }

  private add(notification: NotificationResponse): void {
    if (this.itemsSignal().some((item) => item.id === notification.id)) return;
    this.itemsSignal.update((items) => [notification, ...items].slice(0, RECENT_NOTIFICATIONS));
    if (!notification.read) this.unreadSignal.update((count) => count + 1);
    this.arrivedSubject.next(notification);
  }

  /** Sets the read flag of a listed notification and adjusts the count; returns whether it changed. */
  private setRead(id: number, read: boolean): boolean {
    const item = this.itemsSignal().find((candidate) => candidate.id === id);
    if (!item || item.read === read) return false;
    const readAt = read ? new Date().toISOString() : null;
    this.itemsSignal.update((items) => items.map((i) => (i.id === id ? { ...i, read, readAt } : i)));
    this.unreadSignal.update((count) => Math.max(0, count + (read ? -1 : 1)));
    return true;
  }

  private clear(): void {
    this.loadSubscription?.unsubscribe();
    this.itemsSignal.set([]);
    this.unreadSignal.set(0);
    this.loadingSignal.set(false);
    this.errorSignal.set(false);
  }
}
