import { ChangeDetectionStrategy, Component, computed, EventEmitter, input, Output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import {
  allowedTransitions,
  isStaff,
  type TicketResponse,
  type TicketStatus,
  type UserResponse,
} from '@hd/shared/domain';
import { RelativeTimeComponent, SlaChipComponent, StatusChipComponent } from '@hd/web/ui';

import type { IconName } from '../../core/icons';
import { STATUS_EXPLANATIONS, transitionIcon, transitionLabel } from '../workflow-text';

/** A status button: the move it makes and what it says. */
interface StatusAction {
  to: TicketStatus;
  label: string;
  icon: IconName;
}

/**
 * The top of the ticket page: subject, number, who opened it and when, then the status (and, for
 * staff, the SLA chip) with what happens next (worded for the customer or for staff) and a button
 * per move the workflow allows the user now. Emits the chosen status; the buttons are disabled while `busy`.
 */
@Component({
  selector: 'hd-ticket-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, RelativeTimeComponent, SlaChipComponent, StatusChipComponent],
  templateUrl: './ticket-header.component.html',
  styleUrl: './ticket-header.component.scss',
})
export class TicketHeaderComponent {
  /** The ticket shown. */
  public readonly ticket = input.required<TicketResponse>();
  /** The current user, whose role decides the moves and the wording; null shows no moves. */
  public readonly user = input<UserResponse | null>(null);
  /** True while a change is on its way. */
  public readonly busy = input(false);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** The status the user asked to move the ticket to. */
  @Output() public readonly statusChange = new EventEmitter<TicketStatus>();

  /** Staff see the SLA chip; customers never (the API still tells them their ticket's SLA). */
  protected readonly staff = computed(() => {
    const user = this.user();
    return !!user && isStaff(user.role);
  });
  protected readonly statusActions = computed<StatusAction[]>(() => {
    const ticket = this.ticket();
    const user = this.user();
    if (!user) return [];
    return allowedTransitions(ticket.status, user.role, { closedAt: ticket.closedAt }).map((to) => ({
      to,
      label: transitionLabel(ticket.status, to),
      icon: transitionIcon(to),
    }));
  });
  protected readonly explanation = computed(() => {
    const text = STATUS_EXPLANATIONS[this.ticket().status];
    const user = this.user();
    return user && isStaff(user.role) ? text.staff : text.customer;
  });
}
