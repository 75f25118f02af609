import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  EventEmitter,
  inject,
  OnInit,
  Output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';

import type { CannedResponseResponse } from '@hd/shared/domain';
import { CannedResponsesApiService } from '@hd/web/data-access';

import { FeedbackService } from '../../core/feedback.service';

/** `text` lower-cased and without accents, for matching what people type. */
function folded(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * The canned responses that match `query`: those whose title or body holds every word of it,
 * ignoring case and accents, titles matches first; all of them for a blank query. Keeps the order
 * of `responses` within each group.
 */
export function matchCannedResponses(
  responses: readonly CannedResponseResponse[],
  query: string,
): CannedResponseResponse[] {
  const words = folded(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [...responses];
  const inTitle = (r: CannedResponseResponse) => words.every((w) => folded(r.title).includes(w));
  const anywhere = (r: CannedResponseResponse) =>
    words.every((w) => folded(`${r.title}\n${r.body}`).includes(w));
  return [...responses.filter(inTitle), ...responses.filter((r) => !inTitle(r) && anywhere(r))];
}

/**
 * The canned-response picker of the reply box: a search field whose suggestions (Material's
 * autocomplete, the first one active so Enter takes it) are the user's canned responses filtered as
 * they type. Loads them when it opens. Emits the chosen one, or on Escape or Cancel what was typed
 * in the search (so the reply box can give back a `/` that was meant as text).
 */
@Component({
  selector: 'hd-canned-response-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatAutocompleteModule, MatButtonModule, MatFormFieldModule, MatInputModule, RouterLink],
  templateUrl: './canned-response-picker.component.html',
  styleUrl: './canned-response-picker.component.scss',
})
export class CannedResponsePickerComponent implements OnInit {
  private readonly api = inject(CannedResponsesApiService);
  private readonly feedback = inject(FeedbackService);

  // EventEmitter, not output(), as the reply box does.
  /** The canned response chosen, as written (the reply box fills its placeholders). */
  @Output() public readonly picked = new EventEmitter<CannedResponseResponse>();
  /** Closed without a choice; carries what was typed in the search. */
  @Output() public readonly dismissed = new EventEmitter<string>();

  private readonly search = viewChild.required<ElementRef<HTMLInputElement>>('search');

  protected readonly responses = signal<CannedResponseResponse[] | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly query = signal('');
  protected readonly matches = computed(() => matchCannedResponses(this.responses() ?? [], this.query()));
  /** The text of the search field after a choice: none. */
  protected readonly noText = (): string => '';

  /** Loads the canned responses. */
  public ngOnInit(): void {
    this.load();
  }

  /** Puts the focus in the search field (which opens the suggestions). */
  public focus(): void {
    this.search().nativeElement.focus();
  }

  /** Takes the suggestion chosen. */
  protected pick(event: MatAutocompleteSelectedEvent): void {
    this.picked.emit(event.option.value as CannedResponseResponse);
  }

  /** Closes the picker without a choice. */
  protected dismiss(): void {
    this.dismissed.emit(this.query());
  }

  /** Follows what is typed in the search field. */
  protected filter(value: string): void {
    this.query.set(value);
  }

  private load(): void {
    this.api.list().subscribe({
      next: ({ items }) => this.responses.set(items),
      error: (error: unknown) => {
        this.loadFailed.set(true);
        this.responses.set([]);
        this.feedback.error(error, 'Could not load the canned responses.');
      },
    });
  }
}
