import { ChangeDetectionStrategy, Component, computed, EventEmitter, input, Output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import {
  type AgentSummary,
  CATEGORY_LABELS,
  isStaff,
  PRIORITY_LABELS,
  TICKET_PRIORITIES,
  type TicketPriority,
  type TicketResponse,
  type UserResponse,
} from '@hd/shared/domain';
import { PriorityBadgeComponent, RelativeTimeComponent } from '@hd/web/ui';

import { type SelectField, SelectFieldComponent } from '../select-field.component';

/**
 * The ticket's facts: priority, category, customer, assignee, created and updated. Staff get a
 * priority select, the customer's e-mail, an assignee picker and "Assign to me"; they emit the
 * choice and are disabled while `busy`.
 */
@Component({
  selector: 'hd-ticket-details',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, PriorityBadgeComponent, RelativeTimeComponent, SelectFieldComponent],
  templateUrl: './ticket-details.component.html',
  styleUrl: './ticket-details.component.scss',
})
export class TicketDetailsComponent {
  /** The ticket shown. */
  public readonly ticket = input.required<TicketResponse>();
  /** The current user: staff get the pickers, and are marked "(me)" among the agents. */
  public readonly user = input<UserResponse | null>(null);
  /** The choices of the assignee picker. */
  public readonly agents = input<readonly AgentSummary[]>([]);
  /** True while a change is on its way. */
  public readonly busy = input(false);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** The priority picked. */
  @Output() public readonly priorityChange = new EventEmitter<TicketPriority>();
  /** The agent picked as assignee, or null for nobody. */
  @Output() public readonly assigneeChange = new EventEmitter<number | null>();
  /** The user asked to take the ticket. */
  @Output() public readonly assignToMe = new EventEmitter<void>();

  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly staff = computed(() => {
    const user = this.user();
    return !!user && isStaff(user.role);
  });
  protected readonly assignedToMe = computed(() => this.ticket().assignee?.id === this.user()?.id);
  protected readonly priorityField = computed<SelectField>(() => ({
    label: 'Priority',
    value: this.ticket().priority,
    options: TICKET_PRIORITIES.map((priority) => ({ value: priority, label: PRIORITY_LABELS[priority] })),
    testId: 'priority-select',
  }));
  /** 0 stands for "Unassigned". */
  protected readonly assigneeField = computed<SelectField>(() => ({
    label: 'Assignee',
    value: this.ticket().assignee?.id ?? 0,
    options: [
      { value: 0, label: 'Unassigned' },
      ...this.agents().map((agent) => ({
        value: agent.id,
        label: agent.id === this.user()?.id ? `${agent.name} (me)` : agent.name,
      })),
    ],
    testId: 'assignee-select',
  }));

  /** Emits the picked priority. */
  protected pickPriority(priority: unknown): void {
    this.priorityChange.emit(priority as TicketPriority);
  }

  /** Emits the picked assignee (0 is "Unassigned"). */
  protected pickAssignee(agentId: unknown): void {
    this.assigneeChange.emit((agentId as number) || null);
  }
}
