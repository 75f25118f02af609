import {
  ChangeDetectionStrategy,
  Component,
  computed,
  EventEmitter,
  inject,
  input,
  Output,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import {
  Action,
  AFFECTED_ITEM_MAX_LENGTH,
  type AgentSummary,
  can,
  CONTACT_NUMBER_MAX_LENGTH,
  isStaff,
  PRIORITY_LABELS,
  relationTo,
  TICKET_PRIORITIES,
  type TicketPriority,
  type TicketResponse,
  type UserResponse,
} from '@hd/shared/domain';
import { PriorityBadgeComponent, RelativeTimeComponent, SlaPanelComponent } from '@hd/web/ui';

import { applyServerErrors } from '../../core/server-errors';
import { type SelectField, SelectFieldComponent } from '../../core/select-field.component';
import { ContactFieldsComponent } from '../contact-fields.component';

/** Contact number and affected item as edited in {@link TicketDetailsComponent}: trimmed, null when emptied. */
export interface TicketContactChange {
  contactNumber: string | null;
  affectedItem: string | null;
}

/**
 * The ticket's facts: priority, category, contact number (a `tel:` link), affected item, customer,
 * assignee, created and updated; for staff, the service levels below (both SLA targets: met,
 * breached, paused, or when due). Staff get a priority select, the customer's e-mail, an assignee
 * picker and "Assign to me"; whoever may edit the ticket (the permission table) can edit the
 * contact number and affected item. They emit the choice and are disabled while `busy`; the page
 * calls {@link closeEditor} once saved, or {@link showServerErrors} when the API refused.
 */
@Component({
  selector: 'hd-ticket-details',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ContactFieldsComponent,
    MatButtonModule,
    MatIconModule,
    PriorityBadgeComponent,
    ReactiveFormsModule,
    RelativeTimeComponent,
    SelectFieldComponent,
    SlaPanelComponent,
  ],
  templateUrl: './ticket-details.component.html',
  styleUrl: './ticket-details.component.scss',
})
export class TicketDetailsComponent {
  private readonly fb = inject(FormBuilder).nonNullable;

  /** The ticket shown. */
  public readonly ticket = input.required<TicketResponse>();
  /** The current user: staff get the pickers, and are marked "(me)" among the agents. */
  public readonly user = input<UserResponse | null>(null);
  /** The choices of the assignee picker. */
  public readonly agents = input<readonly AgentSummary[]>([]);
  /** What people read for the ticket's category. */
  public readonly categoryLabel = input('');
  /** True while a change is on its way. */
  public readonly busy = input(false);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** The priority picked. */
  @Output() public readonly priorityChange = new EventEmitter<TicketPriority>();
  /** The agent picked as assignee, or null for nobody. */
  @Output() public readonly assigneeChange = new EventEmitter<number | null>();
  /** The user asked to take the ticket. */
  @Output() public readonly assignToMe = new EventEmitter<void>();
  /** New contact number and affected item to save. */
  @Output() public readonly contactChange = new EventEmitter<TicketContactChange>();

  protected readonly staff = computed(() => {
    const user = this.user();
    return !!user && isStaff(user.role);
  });
  protected readonly canEdit = computed(() => {
    const ticket = this.ticket();
    const user = this.user();
    return !!user && can(user.role, Action.EditTicket, { ticket, relation: relationTo(ticket, user.id) });
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
  protected readonly editing = signal(false);
  protected readonly contactForm = this.fb.group({
    contactNumber: ['', Validators.maxLength(CONTACT_NUMBER_MAX_LENGTH)],
    affectedItem: ['', Validators.maxLength(AFFECTED_ITEM_MAX_LENGTH)],
  });

  /** Closes the contact editor (after a save, or to cancel). */
  public closeEditor(): void {
    this.editing.set(false);
  }

  /** Shows the API's field errors (e.g. an invalid contact number) next to the editor's fields. */
  public showServerErrors(error: unknown): void {
    applyServerErrors(this.contactForm, error);
  }

  /** Emits the picked priority. */
  protected pickPriority(priority: unknown): void {
    this.priorityChange.emit(priority as TicketPriority);
  }

  /** Emits the picked assignee (0 is "Unassigned"). */
  protected pickAssignee(agentId: unknown): void {
    this.assigneeChange.emit((agentId as number) || null);
  }

  /** Opens the contact editor with the current values. */
  protected startEditing(): void {
    const { contactNumber, affectedItem } = this.ticket();
    this.contactForm.reset({ contactNumber: contactNumber ?? '', affectedItem: affectedItem ?? '' });
    this.editing.set(true);
  }

  /** Emits the edited contact number and affected item when valid (empty ones as null, to clear them). */
  protected submitContact(): void {
    this.contactForm.markAllAsTouched();
    if (this.contactForm.invalid) return;
    const { contactNumber, affectedItem } = this.contactForm.getRawValue();
    this.contactChange.emit({
      contactNumber: contactNumber.trim() || null,
      affectedItem: affectedItem.trim() || null,
    });
  }
}
