import { ChangeDetectionStrategy, Component, EventEmitter, input, Output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { MAX_PAGE, PAGE_SIZE_OPTIONS, type TicketPageResponse } from '@hd/shared/domain';
import { EmptyStateComponent } from '@hd/web/ui';

/** What a ticket list's results are now. */
export interface TicketListResults {
  /** The page loaded; null before the first load and after a failed one. */
  page: TicketPageResponse | null;
  /** True while the list is being fetched. */
  loading: boolean;
  /** Whether filters or a search narrow the list (an empty page then means "no match"). */
  filtered: boolean;
}

/**
 * The frame of a ticket list page's results: a progress bar while loading, then the projected
 * list when the page has tickets; when it has none, "No matching tickets" with a Clear filters
 * button if filters narrow the list, else the projected `hd-empty-state`; and the paginator.
 */
@Component({
  selector: 'hd-ticket-list-results',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmptyStateComponent, MatButtonModule, MatPaginatorModule, MatProgressBarModule],
  templateUrl: './ticket-list-results.component.html',
  styleUrl: './ticket-list-results.component.scss',
})
export class TicketListResultsComponent {
  /** The page, whether it is loading, and whether filters narrow it; no page shows nothing but the progress bar. */
  public readonly results = input.required<TicketListResults>();
  /** The progress bar's accessible name. */
  public readonly loadingLabel = input('Loading tickets');
  /** The help line when no ticket matches the filters. */
  public readonly noMatchMessage = input('No ticket matches these filters.');
  /** The paginator's accessible name. */
  public readonly pagesLabel = input('Pages of tickets');
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** Another page or page size was chosen. */
  @Output() public readonly pageChange = new EventEmitter<PageEvent>();
  /** The user asked to clear the filters. */
  @Output() public readonly clearFilters = new EventEmitter<void>();

  protected readonly pageSizes = PAGE_SIZE_OPTIONS;

  /**
   * How many tickets the paginator pages through: the total, but no further than the API numbers
   * pages (`MAX_PAGE`; deeper lists are walked with a cursor), so the last page button always works.
   */
  protected pageable(page: TicketPageResponse): number {
    return Math.min(page.total, MAX_PAGE * page.pageSize);
  }
}
