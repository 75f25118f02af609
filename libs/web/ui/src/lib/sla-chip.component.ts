import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { format } from 'date-fns';

import type { TicketSlaView } from '@hd/shared/domain';

import { slaChipState } from './sla-status';
import { tickingNow } from './ticking-now';

/** Refresh period of the chip, in ms. */
const TICK_MS = 30_000;

/**
 * A ticket's SLA as a pill (see `slaChipState`): "Due in 1 h 20 min", amber "At risk: due in
 * 20 min", red "Breached 35 min ago", or "SLA paused", "SLA met", "SLA missed" when no clock runs.
 * The words carry the state (never the colour alone); the tooltip and accessible name add the
 * target and the due time. Refreshed every 30 seconds; nothing for a ticket without SLA times.
 */
@Component({
  selector: 'hd-sla-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@if (state(); as s) {
    <span class="chip" [attr.data-sla]="s.kind" [title]="s.description + due()" data-testid="sla-chip"
      ><span class="visually-hidden">{{ spoken() }}</span
      >{{ s.text }}</span
    >
  }`,
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
    [data-sla='at_risk'] {
      background: #ffdf99;
      color: #3d2e00;
    }
    [data-sla='breached'],
    [data-sla='missed'] {
      background: #ffdad6;
      color: #690005;
      font-weight: 600;
    }
    [data-sla='met'] {
      background: #c8f0cd;
      color: #00210b;
    }
  `,
})
export class SlaChipComponent {
  /** The ticket's `sla`. */
  public readonly sla = input.required<TicketSlaView>();

  private readonly now = tickingNow(TICK_MS);
  protected readonly state = computed(() => slaChipState(this.sla(), this.now()));
  /** Read before the chip's words by screen readers: the target, e.g. `First response SLA: `. */
  protected readonly spoken = computed(() => {
    const target = this.state()?.target;
    return target ? `${target} SLA: ` : '';
  });
  protected readonly due = computed(() => {
    const dueAt = this.sla().dueAt;
    return dueAt ? ` (due ${format(new Date(dueAt), 'PPp')})` : '';
  });
}
