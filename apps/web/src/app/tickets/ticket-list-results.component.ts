import { ChangeDetectionStrategy, Component, computed, EventEmitter, input, Output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import {
  MATCH_END,
  MATCH_START,
  MAX_PAGE,
  PAGE_SIZE_OPTIONS,
  type TicketPageResponse,
} from '@hd/shared/domain';
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

/** A piece of a search's `match` snippet: its text, and whether the search matched it. */
export interface MatchPart {
  text: string;
  marked: boolean;
}

/**
 * Splits a list item's `match` snippet on the API's markers (`MATCH_START`, `MATCH_END`: `«`, `»`)
 * into plain and matched pieces, in order, without the markers; empty pieces are left out. The API
 * never leaves the text's own `«` `»` in a snippet, so the split is exact.
 * @returns [] for null (no search, or only the ticket's number matched)
 */
export function matchParts(match: string | null): MatchPart[] {
  if (!match) return [];
  const [first, ...rest] = match.split(MATCH_START);
  const parts: MatchPart[] = [{ text: first, marked: false }];
  for (const piece of rest) {
    const end = piece.indexOf(MATCH_END);
    if (end === -1) parts.push({ text: piece, marked: false });
    else
      parts.push({ text: piece.slice(0, end), marked: true }, { text: piece.slice(end + 1), marked: false });
  }
  return parts.filter((part) => part.text !== '');
}

/**
 * Where a search matched a listed ticket, under its subject: the `match` snippet with the matched
 * words emphasised (`<mark>`). Text goes through interpolation only, never `innerHTML`. Shows
 * nothing for a null `match`.
 */
@Component({
  selector: 'hd-ticket-match',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Whitespace-only text between the pieces is dropped (preserveWhitespaces is off); each piece keeps its own spaces.
  template: `
    @if (parts().length) {
      <span class="ticket-match" data-testid="ticket-match">
        @for (part of parts(); track $index) {
          @if (part.marked) {
            <mark>{{ part.text }}</mark>
          } @else {
            <span>{{ part.text }}</span>
          }
        }
      </span>
    }
  `,
  styles: `
    .ticket-match {
      display: block;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    mark {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      font-weight: 600;
      border-radius: 2px;
    }
  `,
})
export class TicketMatchComponent {
  /** The item's `match` snippet, or null. */
  public readonly match = input<string | null>(null);

  protected readonly parts = computed(() => matchParts(this.match()));
}
