import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl } from '@angular/forms';
import { PageEvent } from '@angular/material/paginator';
import { ActivatedRoute, PRIMARY_OUTLET, Router, UrlTree } from '@angular/router';
import {
  catchError,
  debounceTime,
  distinctUntilChanged,
  map,
  merge,
  of,
  Subject,
  switchMap,
  tap,
} from 'rxjs';

import type { TicketPageResponse } from '@hd/shared/domain';
import { AuthStateService, TicketsApiService } from '@hd/web/data-access';

import { FeedbackService } from '../core/feedback.service';
import type { TicketListResults } from './ticket-list-results.component';
import {
  parseTicketListState,
  searchChange,
  TicketListState,
  toApiQuery,
  toQueryParams,
} from './ticket-list-state';

/**
 * The state of a ticket list page ("My tickets", the queue): filters, sort and page kept in the
 * URL's query parameters, the search box (written to the URL after a pause), and the page of
 * tickets loaded for them. Every change of the URL loads the list again, a later load cancelling
 * an earlier one. Provide it in the list component's `providers`, then call {@link start}.
 */
@Injectable()
export class TicketListStore {
  private readonly ticketsApi = inject(TicketsApiService);
  private readonly auth = inject(AuthStateService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly reloads = new Subject<void>();
  private readonly pageState = signal<TicketPageResponse | null>(null);
  private readonly loadingState = signal(true);

  /** The list state of the URL, on every navigation. */
  public readonly state$ = this.route.queryParamMap.pipe(map(parseTicketListState));
  /** The list state of the URL now. */
  public readonly state = toSignal(this.state$, {
    initialValue: parseTicketListState(this.route.snapshot.queryParamMap),
  });
  /** The page of tickets for the state; null until loaded, and after a failed load. */
  public readonly page = this.pageState.asReadonly();
  /** The tickets of the page (none until loaded). */
  public readonly items = computed(() => this.pageState()?.items ?? []);
  /** True while the list is being fetched. */
  public readonly loading = this.loadingState.asReadonly();
  /** Whether any filter or a search narrows the list (an empty list then means "no match"). */
  public readonly filtered = computed(() => {
    const s = this.state();
    return (
      s.status.length > 0 ||
      !!s.priority ||
      !!s.category ||
      s.assignee !== null ||
      s.affectedItem.trim() !== '' ||
      s.q.trim() !== ''
    );
  });
  /** What the results frame shows: the page, whether it is loading, and whether filters narrow it. */
  public readonly results = computed<TicketListResults>(() => ({
    page: this.pageState(),
    loading: this.loadingState(),
    filtered: this.filtered(),
  }));
  /** The search box; its value reaches the URL 300 ms after the last keystroke. */
  public readonly search = new FormControl(this.state().q, { nonNullable: true });
  /** The affected-item filter (an exact match); reaches the URL like the search box. */
  public readonly affectedItem = new FormControl(this.state().affectedItem, { nonNullable: true });

  /**
   * Loads the list for the URL now and on every change, and follows the search and affected-item
   * boxes; `loadError` is shown when a load fails.
   */
  public start(loadError: string): void {
    this.loadOnStateChange(loadError);
    this.syncTextToUrl(this.search, (q) => searchChange(this.state(), q));
    this.syncTextToUrl(this.affectedItem, (affectedItem) => ({ affectedItem }));
  }

  /** Applies a filter (or sort) change and goes back to page 1. */
  public filter(change: Partial<TicketListState>): void {
    this.navigate({ ...change, page: 1 });
  }

  /** Goes to another page or page size. */
  public changePage(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  /** Clears every filter and the search. */
  public clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.affectedItem.setValue('', { emitEvent: false });
    this.filter({ status: [], priority: null, category: null, assignee: null, affectedItem: '', q: '' });
  }

  /** Loads the current page again (after a change to one of its tickets). */
  public reload(): void {
    this.reloads.next();
  }

  /** Writes a change of the state to the URL (which loads the list). */
  private navigate(change: Partial<TicketListState>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: toQueryParams({ ...this.state(), ...change }),
    });
  }

  private loadOnStateChange(loadError: string): void {
    merge(this.state$, this.reloads.pipe(map(() => this.state())))
      .pipe(
        tap(() => this.loadingState.set(true)),
        switchMap((state) =>
          this.ticketsApi.list(toApiQuery(state, this.auth.user()?.id ?? null)).pipe(
            catchError((error: unknown) => {
              this.feedback.error(error, loadError);
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.pageState.set(page);
        this.loadingState.set(false);
      });
  }

  /**
   * Writes a text box's value to the URL 300 ms after the last keystroke, unless the user is
   * already on the way to another page (typed, then clicked a ticket within the 300 ms): writing
   * the search then would cancel that navigation and keep them on the list.
   */
  private syncTextToUrl(box: FormControl<string>, change: (value: string) => Partial<TicketListState>): void {
    box.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((value) => {
        if (!this.leavingThePage()) this.filter(change(value));
      });
  }

  /** True while a navigation to another path (not just other query parameters) is under way. */
  private leavingThePage(): boolean {
    const pending = this.router.currentNavigation();
    return !!pending && pathOf(pending.extractedUrl) !== pathOf(this.router.parseUrl(this.router.url));
  }
}

/** The primary outlet's path of a URL, without query parameters or fragment (`tickets/42`). */
function pathOf(url: UrlTree): string {
  return (url.root.children[PRIMARY_OUTLET]?.segments ?? []).map((segment) => segment.path).join('/');
}
