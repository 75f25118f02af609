import { BreakpointObserver } from '@angular/cdk/layout';
import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSortModule, Sort, SortDirection } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { map } from 'rxjs';

import {
  type AgentSummary,
  CATEGORY_LABELS,
  PRIORITY_LABELS,
  STATUS_LABELS,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketResponse,
  type TicketSort,
  type TicketStatus,
} from '@hd/shared/domain';
import {
  AuthStateService,
  CategoriesStateService,
  TicketsApiService,
  UsersApiService,
} from '@hd/web/data-access';
import {
  EmptyStateComponent,
  PriorityBadgeComponent,
  RelativeTimeComponent,
  SlaChipComponent,
  StatusChipComponent,
} from '@hd/web/ui';

import { FeedbackService } from '../core/feedback.service';
import { type SelectField, SelectFieldComponent, type SelectOption } from '../core/select-field.component';
import { AssigneeFilter } from './ticket-list-state';
import { TicketListResultsComponent, TicketMatchComponent } from './ticket-list-results.component';
import { TicketListStore } from './ticket-list.store';

/** Table columns that the API can sort by, and the sort key of each. */
const SORTABLE: Record<string, 'createdAt' | 'updatedAt' | 'priority' | 'dueAt'> = {
  created: 'createdAt',
  updated: 'updatedAt',
  priority: 'priority',
  due: 'dueAt',
};

/** What a filter select of the bar filters by. */
type FilterKey = 'status' | 'priority' | 'category' | 'assignee';

/** One select of the filter bar. */
interface FilterField extends SelectField {
  key: FilterKey;
}

/** Choices for every value of `values`, labelled by `labels`. */
function optionsOf<T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
): SelectOption[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

/**
 * The agent console's queue: a sortable, paginated table (cards on phones) of tickets by number,
 * with filters for status, priority, category, assignee, affected item (exact) and search (words, or
 * a ticket number), all kept in the URL so a view can be bookmarked.
 */
@Component({
  selector: 'hd-queue',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [TicketListStore],
  imports: [
    EmptyStateComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSortModule,
    MatTableModule,
    NgTemplateOutlet,
    PriorityBadgeComponent,
    ReactiveFormsModule,
    RelativeTimeComponent,
    RouterLink,
    SelectFieldComponent,
    SlaChipComponent,
    StatusChipComponent,
    TicketListResultsComponent,
    TicketMatchComponent,
  ],
  templateUrl: './queue.component.html',
  styleUrl: './queue.component.scss',
})
export class QueueComponent implements OnInit {
  private readonly tickets = inject(TicketsApiService);
  private readonly users = inject(UsersApiService);
  private readonly auth = inject(AuthStateService);
  private readonly categories = inject(CategoriesStateService);
  private readonly feedback = inject(FeedbackService);
  protected readonly list = inject(TicketListStore);

  protected readonly columns = [
    'number',
    'subject',
    'status',
    'priority',
    'due',
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
  protected readonly assigning = signal<number | null>(null);
  protected readonly agents = signal<AgentSummary[]>([]);
  protected readonly sortActive = computed(() => {
    const key = this.list.state().sort.replace('-', '');
    return Object.entries(SORTABLE).find(([, value]) => value === key)?.[0] ?? '';
  });
  protected readonly sortDirection = computed<SortDirection>(() =>
    this.list.state().sort.startsWith('-') ? 'desc' : 'asc',
  );
  protected readonly filterFields = computed<FilterField[]>(() => {
    const state = this.list.state();
    const others = this.agents().filter((agent) => agent.id !== this.me()?.id);
    return [
      {
        key: 'status',
        label: 'Status',
        testId: 'filter-status',
        multiple: true,
        value: state.status,
        options: optionsOf(TICKET_STATUSES, STATUS_LABELS),
      },
      {
        key: 'priority',
        label: 'Priority',
        value: state.priority ?? '',
        options: [{ value: '', label: 'Any priority' }, ...optionsOf(TICKET_PRIORITIES, PRIORITY_LABELS)],
      },
      {
        key: 'category',
        label: 'Category',
        testId: 'filter-category',
        value: state.category ?? '',
        options: [{ value: '', label: 'Any category' }, ...this.categoryOptions()],
      },
      {
        key: 'assignee',
        label: 'Assignee',
        testId: 'filter-assignee',
        value: state.assignee === null ? '' : String(state.assignee),
        options: [
          { value: '', label: 'Anyone' },
          { value: 'me', label: 'Me' },
          { value: 'unassigned', label: 'Unassigned' },
          ...others.map((agent) => ({ value: String(agent.id), label: agent.name })),
        ],
      },
    ];
  });

  /** The categories by position (the five defaults until they have loaded). */
  private readonly categoryOptions = computed<SelectOption[]>(() => {
    const categories = this.categories.categories();
    return categories
      ? categories.map((category) => ({
          value: category.slug,
          label: category.active ? category.name : `${category.name} (inactive)`,
        }))
      : optionsOf(TICKET_CATEGORIES, CATEGORY_LABELS);
  });

  /** Starts loading the queue from the URL, follows the search boxes, and loads the agents and categories for the filters. */
  public ngOnInit(): void {
    this.list.start('Could not load the queue.');
    this.loadAgents();
    this.loadCategories();
  }

  /** Applies the value picked in a filter select ('' for any) and goes back to page 1. */
  protected applyFilter(key: FilterKey, value: unknown): void {
    switch (key) {
      case 'status':
        this.list.filter({ status: value as TicketStatus[] });
        break;
      case 'priority':
        this.list.filter({ priority: (value as TicketPriority | '') || null });
        break;
      case 'category':
        this.list.filter({ category: (value as string) || null });
        break;
      case 'assignee': {
        const assignee: AssigneeFilter =
          value === '' ? null : value === 'me' || value === 'unassigned' ? value : Number(value);
        this.list.filter({ assignee });
        break;
      }
    }
  }

  /**
   * Sorts by a column (server side); clearing the sort goes back to the default. The Due column
   * sorts one way only (nearest SLA due time first, tickets with no running clock last).
   */
  protected sortBy(sort: Sort): void {
    const key = SORTABLE[sort.active];
    const value: TicketSort =
      !key || !sort.direction
        ? '-updatedAt'
        : key === 'dueAt'
          ? 'dueAt'
          : ((sort.direction === 'desc' ? `-${key}` : key) as TicketSort);
    this.list.filter({ sort: value });
  }

  /** Assigns a ticket of the queue to the current user, then reloads the page (it may leave the filters). */
  protected assignToMe(ticket: TicketResponse): void {
    this.assigning.set(ticket.id);
    this.tickets.assign(ticket.id).subscribe({
      next: () => {
        this.assigning.set(null);
        this.feedback.success(`Ticket ${ticket.number} assigned to you.`);
        this.list.reload();
      },
      error: (error: unknown) => {
        this.assigning.set(null);
        this.feedback.error(error, 'Could not assign the ticket.');
      },
    });
  }

  private loadCategories(): void {
    this.categories.load().subscribe({
      error: (error: unknown) => this.feedback.error(error, 'Could not load the categories.'),
    });
  }

  private loadAgents(): void {
    this.users.listAgents().subscribe({
      next: (agents) => this.agents.set(agents),
      error: (error: unknown) => this.feedback.error(error, 'Could not load the list of agents.'),
    });
  }
}
