import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipListboxChange, MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { catchError, debounceTime, distinctUntilChanged, map, of, switchMap, tap } from 'rxjs';

import {
  PAGE_SIZE_OPTIONS,
  STATUS_LABELS,
  TICKET_STATUSES,
  type TicketPageResponse,
  type TicketSort,
  type TicketStatus,
} from '@hd/shared/domain';
import { TicketsApiService } from '@hd/web/data-access';
import {
  EmptyStateComponent,
  PriorityBadgeComponent,
  RelativeTimeComponent,
  StatusChipComponent,
} from '@hd/web/ui';

import { FeedbackService } from '../core/feedback.service';
import {
  parseTicketListState,
  SORT_OPTIONS,
  TicketListState,
  toApiQuery,
  toQueryParams,
} from './ticket-list-state';

/** The customer's own tickets: status chips with counts, search, sort and pages, all kept in the URL. */
@Component({
  selector: 'hd-my-tickets',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmptyStateComponent,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    PriorityBadgeComponent,
    ReactiveFormsModule,
    RelativeTimeComponent,
    RouterLink,
    StatusChipComponent,
  ],
  templateUrl: './my-tickets.component.html',
  styleUrl: './my-tickets.component.scss',
})
export class MyTicketsComponent implements OnInit {
  private readonly tickets = inject(TicketsApiService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly statuses = TICKET_STATUSES;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly sortOptions = SORT_OPTIONS;
  protected readonly pageSizes = PAGE_SIZE_OPTIONS;
  protected readonly state = toSignal(this.route.queryParamMap.pipe(map(parseTicketListState)), {
    initialValue: parseTicketListState(this.route.snapshot.queryParamMap),
  });
  protected readonly page = signal<TicketPageResponse | null>(null);
  protected readonly loading = signal(true);
  protected readonly counts = signal<Partial<Record<TicketStatus, number>>>({});
  protected readonly totalCount = computed(() =>
    Object.values(this.counts()).reduce((sum, n) => sum + (n ?? 0), 0),
  );
  protected readonly selectedStatus = computed(() => this.state().status[0] ?? '');
  protected readonly search = new FormControl(this.state().q, { nonNullable: true });
  protected readonly filtered = computed(
    () => this.state().status.length > 0 || this.state().q.trim() !== '',
  );

  /** Starts loading the list and the status counts, and follows the search box. */
  public ngOnInit(): void {
    this.loadOnStateChange();
    this.loadCountsOnSearchChange();
    this.syncSearchToUrl();
  }

  /** Shows only tickets with the chosen status ('' for all). */
  protected filterByStatus(event: MatChipListboxChange): void {
    const status = event.value as TicketStatus | '' | undefined;
    this.navigate({ status: status ? [status] : [], page: 1 });
  }

  /** Changes the sort order. */
  protected sortBy(sort: TicketSort): void {
    this.navigate({ sort, page: 1 });
  }

  /** Goes to another page or page size. */
  protected changePage(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  /** Clears search and status filter. */
  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ status: [], q: '', page: 1 });
  }

  private navigate(change: Partial<TicketListState>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: toQueryParams({ ...this.state(), ...change }),
    });
  }

  private loadOnStateChange(): void {
    this.route.queryParamMap
      .pipe(
        map(parseTicketListState),
        tap(() => this.loading.set(true)),
        switchMap((state) =>
          this.tickets.list(toApiQuery(state, null)).pipe(
            catchError((error: unknown) => {
              this.feedback.error(error, 'Could not load your tickets.');
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.page.set(page);
        this.loading.set(false);
      });
  }

  private loadCountsOnSearchChange(): void {
    this.route.queryParamMap
      .pipe(
        map((params) => params.get('q') ?? ''),
        distinctUntilChanged(),
        switchMap((q) =>
          this.tickets.counts({ q }).pipe(
            map((result) => result.counts),
            catchError(() => of({} as Partial<Record<TicketStatus, number>>)),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((counts) => this.counts.set(counts));
  }

  private syncSearchToUrl(): void {
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((q) => this.navigate({ q, page: 1 }));
  }
}
