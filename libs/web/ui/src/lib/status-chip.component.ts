import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { STATUS_LABELS, type TicketStatus } from '@hd/shared/domain';

/** A ticket's status as a coloured pill, e.g. "Waiting on customer". */
@Component({
  selector: 'hd-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="chip" [attr.data-status]="status()" data-testid="status-chip">{{ label() }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
    }
    [data-status='open'],
    [data-status='reopened'] {
      background: #d7e3ff;
      color: #001b3f;
    }
    [data-status='in_progress'] {
      background: #ffe08a;
      color: #3b2f00;
    }
    [data-status='waiting_on_customer'] {
      background: #ffd8c2;
      color: #3a1500;
    }
    [data-status='resolved'] {
      background: #b7f0c0;
      color: #00210b;
    }
    [data-status='closed'] {
      background: #e2e2e6;
      color: #1a1c1e;
    }
  `,
})
export class StatusChipComponent {
  /** The status to show. */
  public readonly status = input.required<TicketStatus>();
  protected readonly label = computed(() => STATUS_LABELS[this.status()] ?? this.status());
}
