import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { catchError, defer, EMPTY, filter, finalize, Observable, switchMap } from 'rxjs';

import { WEBHOOK_EVENT_LABELS, type WebhookEvent, type WebhookResponse } from '@hd/shared/domain';
import { WebhooksApiService } from '@hd/web/data-access';
import { ConfirmDialogComponent, type ConfirmDialogData, EmptyStateComponent } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';
import {
  type WebhookDialogData,
  type WebhookDialogResult,
  WebhookDialogComponent,
} from './webhook-dialog.component';

/**
 * Outgoing webhooks, for admins: each one's URL, events, whether it is on (and why it was switched
 * off after failures) and its failures in a row; an "Add webhook" dialog (which shows the signing
 * secret once), an edit dialog, "Turn on" for one that is off, deletion after a confirm dialog, and
 * a link to each one's deliveries. Every outcome ends in a snackbar.
 */
@Component({
  selector: 'hd-admin-webhooks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmptyStateComponent,
    MatButtonModule,
    MatDialogModule,
    MatIconModule,
    MatProgressBarModule,
    RouterLink,
  ],
  templateUrl: './admin-webhooks.component.html',
  styleUrl: './admin-webhooks.component.scss',
})
export class AdminWebhooksComponent implements OnInit {
  private readonly api = inject(WebhooksApiService);
  private readonly dialog = inject(MatDialog);
  private readonly feedback = inject(FeedbackService);

  protected readonly webhooks = signal<WebhookResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  /** The webhook a request is under way for (its buttons are disabled). */
  protected readonly busy = signal<number | null>(null);

  /** Loads the webhooks. */
  public ngOnInit(): void {
    this.load();
  }

  /** Fetches the webhooks (again, after a failure). */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.api.list().subscribe({
      next: ({ items }) => {
        this.loading.set(false);
        this.webhooks.set(items);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load the webhooks.');
      },
    });
  }

  /** What people read for `event`. */
  protected eventLabel(event: WebhookEvent): string {
    return WEBHOOK_EVENT_LABELS[event] ?? event;
  }

  /** "3 failed deliveries in a row". */
  protected failuresText(count: number): string {
    return `${count} failed ${count === 1 ? 'delivery' : 'deliveries'} in a row`;
  }

  /** Opens the "Add webhook" dialog, and lists the webhook it created first. */
  protected openCreateDialog(): void {
    this.openDialog({}).subscribe(({ webhook }) => {
      this.put(webhook);
      this.feedback.success(`Webhook to ${webhook.url} added.`);
    });
  }

  /** Opens the edit dialog for `webhook`, and shows it as saved. */
  protected openEditDialog(webhook: WebhookResponse): void {
    this.openDialog({ webhook }).subscribe(({ webhook: saved }) => {
      this.put(saved);
      this.feedback.success(`Webhook to ${saved.url} saved.`);
    });
  }

  /** Turns a webhook that is off (by an admin or after failures) back on, resetting its failures. */
  protected turnOn(webhook: WebhookResponse): void {
    this.send(
      webhook,
      this.api.update(webhook.id, { active: true }),
      'Could not turn the webhook on.',
    ).subscribe((saved) => {
      this.put(saved);
      this.feedback.success(`Webhook to ${saved.url} is on again.`);
    });
  }

  /** Asks for confirmation, then deletes `webhook` with its deliveries. */
  protected confirmDelete(webhook: WebhookResponse): void {
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
        data: {
          title: 'Delete this webhook?',
          message: `${webhook.url} will receive nothing more, and its deliveries are deleted with it. This cannot be undone.`,
          confirmLabel: 'Delete',
          destructive: true,
        },
        autoFocus: 'dialog',
      })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.send(webhook, this.api.remove(webhook.id), 'Could not delete the webhook.')),
      )
      .subscribe(() => {
        this.webhooks.update((all) => all.filter((w) => w.id !== webhook.id));
        this.feedback.success(`Webhook to ${webhook.url} deleted.`);
      });
  }

  /** Opens the webhook dialog; emits what it saved (nothing when cancelled). */
  private openDialog(data: WebhookDialogData): Observable<WebhookDialogResult> {
    return this.dialog
      .open<WebhookDialogComponent, WebhookDialogData, WebhookDialogResult>(WebhookDialogComponent, {
        data,
        width: '40rem',
        maxWidth: 'calc(100vw - 2rem)',
      })
      .afterClosed()
      .pipe(filter((result): result is WebhookDialogResult => !!result));
  }

  /** Sends `request` for `webhook` while its buttons are disabled; a failure ends in a snackbar (and no value). */
  private send<T>(webhook: WebhookResponse, request: Observable<T>, failure: string): Observable<T> {
    return defer(() => {
      this.busy.set(webhook.id);
      return request;
    }).pipe(
      catchError((error: unknown) => {
        this.feedback.error(error, failure);
        return EMPTY;
      }),
      finalize(() => this.busy.set(null)),
    );
  }

  /** Puts `webhook` in the list in place of its old self, or first (newest first). */
  private put(webhook: WebhookResponse): void {
    const all = this.webhooks();
    this.webhooks.set(
      all.some((w) => w.id === webhook.id)
        ? all.map((w) => (w.id === webhook.id ? webhook : w))
        : [webhook, ...all],
    );
  }
}
