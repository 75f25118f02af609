import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  signal,
} from '@angular/core';
import { format, formatDistanceToNow } from 'date-fns';

/** Refresh period of relative times, in ms. */
const TICK_MS = 60_000;

/**
 * A moment as "5 minutes ago" (with the exact date and time in a tooltip and `datetime`),
 * refreshed every minute. `prefix` goes before it, e.g. "updated".
 */
@Component({
  selector: 'hd-relative-time',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<time [attr.datetime]="date()" [title]="exact()"
    >{{ prefix() ? prefix() + ' ' : '' }}{{ relative() }}</time
  >`,
})
export class RelativeTimeComponent {
  /** ISO 8601 date and time. */
  public readonly date = input.required<string>();
  /** Words before the relative time, e.g. "updated". */
  public readonly prefix = input<string>('');

  private readonly now = signal(Date.now());
  protected readonly relative = computed(() => {
    this.now();
    return formatDistanceToNow(new Date(this.date()), { addSuffix: true });
  });
  protected readonly exact = computed(() => format(new Date(this.date()), 'PPpp'));

  /** Starts the one-minute refresh, stopped when the component is destroyed. */
  public constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
