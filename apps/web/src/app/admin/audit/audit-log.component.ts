import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { BehaviorSubject, catchError, of, switchMap, tap } from 'rxjs';

import {
  AUDIT_ACTION_LABELS,
  type AuditEventResponse,
  DEFAULT_PAGE_SIZE,
  PAGE_SIZE_OPTIONS,
} from '@hd/shared/domain';
import { AuditApiService } from '@hd/web/data-access';
import { EmptyStateComponent, RelativeTimeComponent } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';
import { describeChanges, describeTarget } from './audit-format';

/** An audit entry as the table shows it. */
interface AuditRow {
  id: number;
  at: string;
  who: string;
  action: string;
  target: string;
  changes: string[];
}

/** The audit entry `event` as a row of the table. */
function toRow(event: AuditEventResponse): AuditRow {
  return {
    id: event.id,
    at: event.at,
    who: event.actor?.name ?? 'System',
    action: AUDIT_ACTION_LABELS[event.action] ?? event.action,
    target: describeTarget(event.target),
    changes: describeChanges(event.changes),
  };
}

/**
 * The audit log, for admins: every admin action on users, categories and settings, newest first,
 * as a paged table (when, who, what, on what, and each changed field from → to).
 */
@Component({
  selector: 'hd-audit-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmptyStateComponent,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    RelativeTimeComponent,
  ],
  templateUrl: './audit-log.component.html',
  styleUrl: './audit-log.component.scss',
})
export class AuditLogComponent implements OnInit {
  private readonly audit = inject(AuditApiService);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly columns = ['at', 'who', 'action', 'target', 'changes'];
  protected readonly pageSizes = PAGE_SIZE_OPTIONS;
  private readonly pageRequests = new BehaviorSubject({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  protected readonly pageRequest = signal(this.pageRequests.value);
  protected readonly rows = signal<AuditRow[] | null>(null);
  protected readonly total = signal(0);
  protected readonly loading = signal(true);

  /** Loads the first page, and each page asked for. */
  public ngOnInit(): void {
    this.loadOnPageChange();
  }

  /** Goes to another page or page size. */
  protected changePage(event: PageEvent): void {
    const request = { page: event.pageIndex + 1, pageSize: event.pageSize };
    this.pageRequest.set(request);
    this.pageRequests.next(request);
  }

  private loadOnPageChange(): void {
    this.pageRequests
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap(({ page, pageSize }) =>
          this.audit.list(page, pageSize).pipe(
            catchError((error: unknown) => {
              this.feedback.error(error, 'Could not load the audit log.');
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.loading.set(false);
        if (!page) return;
        this.rows.set(page.items.map(toRow));
        this.total.set(page.total);
      });
  }
}
