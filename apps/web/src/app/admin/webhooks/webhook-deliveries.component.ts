import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { catchError, finalize, map, of, startWith, Subject, switchMap, tap } from 'rxjs';

import {
  DEFAULT_PAGE_SIZE,
  PAGE_SIZE_OPTIONS,
  WEBHOOK_DELIVERY_STATUS_LABELS,
  WEBHOOK_EVENT_LABELS,
  type WebhookDeliveryPageResponse,
  type WebhookDeliveryResponse,
  type WebhookDeliveryStatus,
  type WebhookEvent,
  type WebhookResponse,
} from '@hd/shared/domain';
import { WebhooksApiService } from '@hd/web/data-access';
import { EmptyStateComponent, RelativeTimeComponent } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';

/**
 * The deliveries of one webhook (`/admin/webhooks/:id`), for admins: its URL and whether it is on,
 * then a paged table, newest first, of each delivery's time, event, status, attempts, last HTTP
 * status, last error and next attempt, with "Redeliver" (sent again at once, same delivery id) per
 * row and "Refresh" for the whole page, as deliveries move on by themselves.
 */
@Component({
  selector: 'hd-webhook-deliveries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    EmptyStateComponent,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    RelativeTimeComponent,
    RouterLink,
  ],
  templateUrl: './webhook-deliveries.component.html',
  styleUrl: './webhook-deliveries.component.scss',
})
export class WebhookDeliveriesComponent implements OnInit {
  private readonly api = inject(WebhooksApiService);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly reloads = new Subject<void>();

  /** The webhook's id, from the route. */
  public readonly id = input.required<string>();

  protected readonly columns = [
    'createdAt',
    'event',
    'status',
    'attempts',
    'lastStatusCode',
    'lastError',
    'nextAttemptAt',
    'actions',
  ];
  protected readonly pageSizes = PAGE_SIZE_OPTIONS;
  protected readonly webhookId = computed(() => Number(this.id()));
  protected readonly webhook = signal<WebhookResponse | null>(null);
  protected readonly missing = signal(false);
  protected readonly pageRequest = signal({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  protected readonly page = signal<WebhookDeliveryPageResponse | null>(null);
  protected readonly loading = signal(true);
  /** The delivery being queued again (its button is disabled). */
  protected readonly redelivering = signal<number | null>(null);

  /** Loads the webhook and the first page of its deliveries, and each page asked for. */
  public ngOnInit(): void {
    this.loadWebhook();
    this.loadOnRequest();
  }

  /** What people read for `event`. */
  protected eventLabel(event: WebhookEvent): string {
    return WEBHOOK_EVENT_LABELS[event] ?? event;
  }

  /** What people read for `status`. */
  protected statusLabel(status: WebhookDeliveryStatus): string {
    return WEBHOOK_DELIVERY_STATUS_LABELS[status] ?? status;
  }

  /** Goes to another page or page size. */
  protected changePage(event: PageEvent): void {
    this.pageRequest.set({ page: event.pageIndex + 1, pageSize: event.pageSize });
    this.reloads.next();
  }

  /** Loads the current page again, and the webhook (its failures and status move on too). */
  protected refresh(): void {
    this.loadWebhook();
    this.reloads.next();
  }

  /** Queues `delivery` to be sent again at once, and shows it as pending. */
  protected redeliver(delivery: WebhookDeliveryResponse): void {
    this.redelivering.set(delivery.id);
    this.api
      .redeliver(this.webhookId(), delivery.id)
      .pipe(finalize(() => this.redelivering.set(null)))
      .subscribe({
        next: (queued) => {
          this.page.update(
            (page) => page && { ...page, items: page.items.map((d) => (d.id === queued.id ? queued : d)) },
          );
          this.feedback.success(`The ${queued.event} delivery is queued to be sent again.`);
        },
        error: (error: unknown) => this.feedback.error(error, 'Could not redeliver.'),
      });
  }

  private loadWebhook(): void {
    this.api.get(this.webhookId()).subscribe({
      next: (webhook) => this.webhook.set(webhook),
      error: (error: unknown) => {
        this.missing.set(true);
        this.feedback.error(error, 'Could not load the webhook.');
      },
    });
  }

  /** Loads the requested page now and after every change, a later load cancelling an earlier one. */
  private loadOnRequest(): void {
    this.reloads
      .pipe(
        startWith(undefined),
        map(() => this.pageRequest()),
        tap(() => this.loading.set(true)),
        switchMap(({ page, pageSize }) =>
          this.api.deliveries(this.webhookId(), page, pageSize).pipe(
            catchError((error: unknown) => {
              this.feedback.error(error, 'Could not load the deliveries.');
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.loading.set(false);
        if (page) this.page.set(page);
      });
  }
}
