import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { format } from 'date-fns';

import type { TicketSlaView, TicketStatus } from '@hd/shared/domain';

import { slaTargetStates } from './sla-status';
import { tickingNow } from './ticking-now';

/** Refresh period of the panel, in ms. */
const TICK_MS = 30_000;

/**
 * A ticket's two SLA targets (first response, resolution), each with its due time and where it
 * stands: met (or met late), due in, at risk, breached, paused, missed (see `slaTargetStates`). The
 * state is in words; the colour only repeats it. Refreshed every 30 seconds.
 */
@Component({
  selector: 'hd-sla-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="sla" aria-labelledby="sla-heading" data-testid="sla-panel">
      <h2 id="sla-heading">Service levels</h2>
      <dl>
        @for (line of lines(); track line.target) {
          <div class="line" [attr.data-sla]="line.kind" [attr.data-testid]="'sla-' + line.target">
            <dt>{{ line.label }}</dt>
            <dd>
              <span class="state">{{ line.text }}</span>
              @if (line.dueAt) {
                <span class="due">due {{ when(line.dueAt) }}</span>
              }
              @if (line.metAt) {
                <span class="due"
                  >{{ line.target === 'first_response' ? 'answered' : 'resolved' }}
                  {{ when(line.metAt) }}</span
                >
              }
            </dd>
          </div>
        }
      </dl>
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    .sla {
      padding: 16px;
      border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
    }
    h2 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    dl {
      margin: 0;
      display: grid;
      gap: 8px;
    }
    dt {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 2px 8px;
      align-items: baseline;
    }
    .state {
      padding: 0 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-large);
      background: var(--mat-sys-surface-container-highest);
    }
    .due {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    [data-sla='at_risk'] .state {
      background: #ffdf99;
      color: #3d2e00;
    }
    [data-sla='breached'] .state,
    [data-sla='missed'] .state,
    [data-sla='met_late'] .state {
      background: #ffdad6;
      color: #690005;
    }
    [data-sla='met'] .state {
      background: #c8f0cd;
      color: #00210b;
    }
  `,
})
export class SlaPanelComponent {
  /** The ticket's `sla`. */
  public readonly sla = input.required<TicketSlaView>();
  /** The ticket's status (which clocks run). */
  public readonly status = input.required<TicketStatus>();

  private readonly now = tickingNow(TICK_MS);
  protected readonly lines = computed(() => slaTargetStates(this.sla(), this.status(), this.now()));

  /** An instant as people read it, e.g. `Nov 26, 2026, 11:00 AM`. */
  protected when(iso: string): string {
    return format(new Date(iso), 'PPp');
  }
}
