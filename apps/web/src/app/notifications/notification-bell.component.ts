import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';

import type { NotificationResponse } from '@hd/shared/domain';
import { NotificationsStateService, RealtimeService } from '@hd/web/data-access';
import { RelativeTimeComponent } from '@hd/web/ui';

import { FeedbackService } from '../core/feedback.service';

/** How long the "new notification" snackbar stays, in ms. */
const ARRIVAL_SNACKBAR_MS = 6000;

/**
 * The toolbar's bell: the live unread count as a badge, a menu of recent notifications (a click
 * opens the ticket and marks it read; "Mark all read") and a snackbar with an "Open" action when
 * one arrives (except on the page of its ticket, which updates itself). Loaded with `@defer` from the shell, which keeps socket.io-client out of the initial bundle.
 */
@Component({
  selector: 'hd-notification-bell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatBadgeModule, MatButtonModule, MatIconModule, MatMenuModule, RelativeTimeComponent],
  templateUrl: './notification-bell.component.html',
  styleUrl: './notification-bell.component.scss',
})
export class NotificationBellComponent {
  private readonly state = inject(NotificationsStateService);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly feedback = inject(FeedbackService);

  /** The socket's state, exposed as `data-realtime` for diagnostics and browser tests. */
  protected readonly realtimeStatus = inject(RealtimeService).status;
  protected readonly items = this.state.items;
  protected readonly unread = this.state.unreadCount;
  protected readonly loading = this.state.loading;
  protected readonly loadFailed = this.state.loadFailed;
  protected readonly badge = computed(() => (this.unread() > 99 ? '99+' : String(this.unread())));
  protected readonly label = computed(() => {
    const count = this.unread();
    return count === 0 ? 'Notifications, none unread' : `Notifications, ${count} unread`;
  });

  /** Shows a snackbar for every notification that arrives live. */
  public constructor() {
    this.state.arrived$
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((notification) => this.announce(notification));
  }

  /** Opens the notification's ticket and marks the notification read. */
  protected openNotification(notification: NotificationResponse): void {
    void this.router.navigate(['/tickets', notification.ticketId]);
    if (notification.read) return;
    this.state.markRead(notification).subscribe({
      error: (error: unknown) => this.feedback.error(error, 'Could not mark the notification read.'),
    });
  }

  /** Marks every notification read. */
  protected markAllRead(): void {
    this.state.markAllRead().subscribe({
      next: (updated) =>
        this.feedback.success(
          updated === 1 ? '1 notification marked read.' : `${updated} notifications marked read.`,
        ),
      error: (error: unknown) => this.feedback.error(error, 'Could not mark the notifications read.'),
    });
  }

  /** Fetches the list again after a failure. */
  protected retry(): void {
    this.state.reload();
  }

  private announce(notification: NotificationResponse): void {
    // On that ticket's page the change shows live; a snackbar would only push away the page's own feedback.
    if (this.router.url.split(/[?#]/)[0] === `/tickets/${notification.ticketId}`) return;
    this.snackBar
      .open(notification.title, 'Open', { duration: ARRIVAL_SNACKBAR_MS, politeness: 'polite' })
      .onAction()
      .subscribe(() => this.openNotification(notification));
  }
}
