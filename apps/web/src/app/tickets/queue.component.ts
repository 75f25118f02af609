import { BreakpointObserver } from '@angular/cdk/layout';
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
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort, SortDirection } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  catchError,
  debounceTime,
  distinctUntilChanged,
  map,
  of,
  Subject,
  switchMap,
  tap,
  merge,
} from 'rxjs';

import {
  type AgentSummary,
  CATEGORY_LABELS,
  PAGE_SIZE_OPTIONS,
  PRIORITY_LABELS,
  STATUS_LABELS,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPageResponse,
  type TicketResponse,
  type TicketSort,
} from '@hd/shared/domain';
import { AuthStateService, TicketsApiService, UsersApiService } from '@hd/web/data-access';
import {
  EmptyStateComponent,
  PriorityBadgeComponent,
  RelativeTimeComponent,
  StatusChipComponent,
} from '@hd/web/ui';

import { FeedbackService } from '../core/feedback.service';
import {
  AssigneeFilter,
  parseTicketListState,
  TicketListState,
  toApiQuery,
  toQueryParams,
} from './ticket-list-state';

/** Table columns that the API can sort by, and the sort key of each. */
const SORTABLE: Record<string, 'createdAt' | 'updatedAt' | 'priority'> = {
  created: 'createdAt',
  updated: 'updatedAt',
  priority: 'priority',
};

/**
 * The agent console's queue: a sortable, paginated table (cards on phones) with filters for status,
 * priority, category, assignee and search, all kept in the URL so a view can be bookmarked.
 */
@Component({
  selector: 'hd-queue',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmptyStateComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    PriorityBadgeComponent,
    ReactiveFormsModule,
    RelativeTimeComponent,
    RouterLink,
    StatusChipComponent,
  ],
  templateUrl: './queue.component.html',
  styleUrl: './queue.component.scss',
})
export class QueueComponent implements OnInit {
  private readonly tickets = inject(TicketsApiService);
  private readonly users = inject(UsersApiService);
  private readonly auth = inject(AuthStateService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly reload$ = new Subject<void>();

  protected readonly statuses = TICKET_STATUSES;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly categories = TICKET_CATEGORIES;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly priorityLabels = PRIORITY_LABELS;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly pageSizes = PAGE_SIZE_OPTIONS;
  protected readonly columns = [
    'id',
    'subject',
    'status',
    'priority',
    'customer',
    'assignee',
    'updated',
    'actions',
  ];
  protected readonly me = this.auth.user;
  protected readonly phone = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 599.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly state = toSignal(this.route.queryParamMap.pipe(map(parseTicketListState)), {
    initialValue: parseTicketListState(this.route.snapshot.queryParamMap),
  });
  protected readonly page = signal<TicketPageResponse | null>(null);
  protected readonly loading = signal(true);
  protected readonly assigning = signal<number | null>(null);
  protected readonly agents = signal<AgentSummary[]>([]);
  protected readonly search = new FormControl(this.state().q, { nonNullable: true });
  protected readonly sortActive = computed(() => {
    const key = this.state().sort.replace('-', '');
    return Object.entries(SORTABLE).find(([, value]) => value === key)?.[0] ?? '';
  });
  protected readonly sortDirection = computed<SortDirection>(() =>
    this.state().sort.startsWith('-') ? 'desc' : 'asc',
  );
  protected readonly assigneeValue = computed(() => {
    const assignee = this.state().assignee;
    return assignee === null ? '' : String(assignee);
  });
  protected readonly filtered = computed(() => {
    const s = this.state();
    return s.status.length > 0 || !!s.priority || !!s.category || s.assignee !== null || s.q.trim() !== '';
  });

  /** Starts loading the queue from the URL, follows the search box, and loads the agents for the filter. */
  public ngOnInit(): void {
    this.loadOnStateChange();
    this.syncSearchToUrl();
    this.loadAgents();
  }

  /** Applies one filter change and goes back to page 1. */
  protected filter(change: Partial<TicketListState>): void {
    this.navigate({ ...change, page: 1 });
  }

  /** Applies the assignee filter from the select's value ('', 'me', 'unassigned' or an agent id). */
  protected filterByAssignee(value: string): void {
    const assignee: AssigneeFilter =
      value === '' ? null : value === 'me' || value === 'unassigned' ? value : Number(value);
    this.filter({ assignee });
  }

  /** Sorts by a column (server side); clearing the sort goes back to the default. */
  protected sortBy(sort: Sort): void {
    const key = SORTABLE[sort.active];
    const value: TicketSort =
      !key || !sort.direction ? '-updatedAt' : ((sort.direction === 'desc' ? `-${key}` : key) as TicketSort);
    this.navigate({ sort: value, page: 1 });
  }

  /** Goes to another page or page size. */
  protected changePage(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  /** Clears every filter and the search. */
  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.navigate({ status: [], priority: null, category: null, assignee: null, q: '', page: 1 });
  }

  /** Assigns a ticket of the queue to the current user. */
  protected assignToMe(ticket: TicketResponse): void {
    this.assigning.set(ticket.id);
    this.tickets.assign(ticket.id).subscribe({
      next: () => {
        this.assigning.set(null);
        this.feedback.success(`Ticket #${ticket.id} assigned to you.`);
        this.reload$.next();
      },
      error: (error: unknown) => {
        this.assigning.set(null);
        this.feedback.error(error, 'Could not assign the ticket.');
      },
    });
  }

  private navigate(change: Partial<TicketListState>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: toQueryParams({ ...this.state(), ...change }),
    });
  }

  private loadOnStateChange(): void {
    merge(
      this.route.queryParamMap.pipe(map(parseTicketListState)),
      this.reload$.pipe(map(() => this.state())),
    )
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap((state) =>
          this.tickets.list(toApiQuery(state, this.me()?.id ?? null)).pipe(
            catchError((error: unknown) => {
              this.feedback.error(error, 'Could not load the queue.');
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

  private syncSearchToUrl(): void {
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((q) => this.filter({ q }));
  }

  private loadAgents(): void {
    this.users.listAgents().subscribe({
      next: (agents) => this.agents.set(agents),
      error: (error: unknown) => this.feedback.error(error, 'Could not load the list of agents.'),
    });
  }
}
