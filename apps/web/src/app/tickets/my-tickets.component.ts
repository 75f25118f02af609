import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipListboxChange, MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { catchError, distinctUntilChanged, map, of, switchMap } from 'rxjs';

import { STATUS_LABELS, TICKET_STATUSES, type TicketSort, type TicketStatus } from '@hd/shared/domain';
import { TicketsApiService } from '@hd/web/data-access';
import {
  EmptyStateComponent,
  PriorityBadgeComponent,
  RelativeTimeComponent,
  StatusChipComponent,
} from '@hd/web/ui';

import { sortOptionsFor } from './ticket-list-state';
import { TicketListResultsComponent, TicketMatchComponent } from './ticket-list-results.component';
import { TicketListStore } from './ticket-list.store';

/** Tickets per status for the chips, and whether each count is a lower bound (a capped search). */
interface StatusCounts {
  counts: Partial<Record<TicketStatus, number>>;
  estimate: boolean;
}

/** The customer's own tickets: status chips with counts, search, sort and pages, all kept in the URL. */
@Component({
  selector: 'hd-my-tickets',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [TicketListStore],
  imports: [
    EmptyStateComponent,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    PriorityBadgeComponent,
    ReactiveFormsModule,
    RelativeTimeComponent,
    RouterLink,
    StatusChipComponent,
    TicketListResultsComponent,
    TicketMatchComponent,
  ],
  templateUrl: './my-tickets.component.html',
  styleUrl: './my-tickets.component.scss',
})
export class MyTicketsComponent implements OnInit {
  private readonly tickets = inject(TicketsApiService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly list = inject(TicketListStore);

  protected readonly statuses = TICKET_STATUSES;
  protected readonly statusLabels = STATUS_LABELS;
  /** The sort orders offered: "Best match" too while searching. */
  protected readonly sortOptions = computed(() => sortOptionsFor(this.list.state().q));
  /** The last status counts, and whether they are lower bounds (see {@link countsAreEstimates}). */
  private readonly statusCounts = signal<StatusCounts>({ counts: {}, estimate: false });
  protected readonly counts = computed(() => this.statusCounts().counts);
  /** True when a search matched more than it counted: every count is then a lower bound ("12+"). */
  protected readonly countsAreEstimates = computed(() => this.statusCounts().estimate);
  protected readonly totalCount = computed(() =>
    Object.values(this.counts()).reduce((sum, n) => sum + (n ?? 0), 0),
  );
  protected readonly selectedStatus = computed(() => this.list.state().status[0] ?? '');

  /** Starts loading the list and the status counts, and follows the search box. */
  public ngOnInit(): void {
    this.list.start('Could not load your tickets.');
    this.loadCountsOnSearchChange();
  }

  /** Shows only tickets with the chosen status ('' for all). */
  protected filterByStatus(event: MatChipListboxChange): void {
    const status = event.value as TicketStatus | '' | undefined;
    this.list.filter({ status: status ? [status] : [] });
  }

  /** Changes the sort order. */
  protected sortBy(sort: TicketSort): void {
    this.list.filter({ sort });
  }

  private loadCountsOnSearchChange(): void {
    this.list.state$
      .pipe(
        map((state) => ({ q: state.q, sort: state.sort })),
        // The sort matters to the counts only with a search (see `TicketsApiService.counts`).
        distinctUntilChanged((a, b) => a.q === b.q && (!a.q || a.sort === b.sort)),
        switchMap(({ q, sort }) =>
          this.tickets.counts(q ? { q, sort } : {}).pipe(
            map((result): StatusCounts => ({ counts: result.counts, estimate: result.totalIsEstimate })),
            catchError(() => of<StatusCounts>({ counts: {}, estimate: false })),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((counts) => this.statusCounts.set(counts));
  }
}
