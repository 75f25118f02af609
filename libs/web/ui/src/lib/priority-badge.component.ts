import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import { PRIORITY_LABELS, type TicketPriority } from '@hd/shared/domain';

const ICONS: Record<string, string> = {
  low: 'arrow_downward',
  medium: 'remove',
  high: 'arrow_upward',
  urgent: 'priority_high',
};

/** A ticket's priority as an icon and a word, e.g. "↑ High"; urgent stands out in the error colour. */
@Component({
  selector: 'hd-priority-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule],
  template: `<span class="badge" [attr.data-priority]="priority()"
    ><mat-icon class="icon" [svgIcon]="icon()" aria-hidden="true"></mat-icon>{{ label() }}</span
  >`,
  styles: `
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      font: var(--mat-sys-label-large);
      white-space: nowrap;
    }
    .icon {
      width: 18px;
      height: 18px;
    }
    [data-priority='high'] {
      color: #703d00;
    }
    [data-priority='urgent'] {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class PriorityBadgeComponent {
  /** The priority to show. */
  public readonly priority = input.required<TicketPriority>();
  protected readonly label = computed(() => PRIORITY_LABELS[this.priority()] ?? this.priority());
  protected readonly icon = computed(() => ICONS[this.priority()] ?? 'remove');
}
