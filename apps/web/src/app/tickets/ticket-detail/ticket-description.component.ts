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
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';

import {
  Action,
  BODY_MAX_LENGTH,
  can,
  relationTo,
  SUBJECT_MAX_LENGTH,
  type TicketResponse,
  type UserResponse,
} from '@hd/shared/domain';

/** Subject and description as edited in {@link TicketDescriptionComponent}, trimmed. */
export interface TicketTextChange {
  subject: string;
  description: string;
}

const notBlank = Validators.pattern(/\S/);

/**
 * The ticket's description, with Edit and Delete buttons when the permission table allows them.
 * Edit turns it into a form for subject and description that emits the trimmed values; the page
 * calls {@link TicketDescriptionComponent.close} once they are saved.
 */
@Component({
  selector: 'hd-ticket-description',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  templateUrl: './ticket-description.component.html',
  styleUrl: './ticket-description.component.scss',
})
export class TicketDescriptionComponent {
  private readonly fb = inject(FormBuilder).nonNullable;

  /** The ticket shown. */
  public readonly ticket = input.required<TicketResponse>();
  /** The current user: the permission table decides whether they may edit or delete the ticket now. */
  public readonly user = input<UserResponse | null>(null);
  /** True while a change is on its way: saving is disabled. */
  public readonly busy = input(false);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** New subject and description to save. */
  @Output() public readonly save = new EventEmitter<TicketTextChange>();
  /** The user asked to delete the ticket (not confirmed yet). */
  @Output() public readonly deleteRequested = new EventEmitter<void>();

  protected readonly canEdit = computed(() => this.may(Action.EditTicket));
  protected readonly canDelete = computed(() => this.may(Action.DeleteTicket));
  protected readonly editing = signal(false);
  protected readonly subjectMax = SUBJECT_MAX_LENGTH;
  protected readonly bodyMax = BODY_MAX_LENGTH;
  protected readonly form = this.fb.group({
    subject: ['', [Validators.required, notBlank, Validators.maxLength(SUBJECT_MAX_LENGTH)]],
    description: ['', [Validators.required, notBlank, Validators.maxLength(BODY_MAX_LENGTH)]],
  });

  /** Closes the editor (after a save, or to cancel). */
  public close(): void {
    this.editing.set(false);
  }

  /** Opens the editor with the current values. */
  protected startEditing(): void {
    const { subject, description } = this.ticket();
    this.form.setValue({ subject, description });
    this.editing.set(true);
  }

  /** Emits the edited values when valid. */
  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const { subject, description } = this.form.getRawValue();
    this.save.emit({ subject: subject.trim(), description: description.trim() });
  }

  private may(action: Action): boolean {
    const ticket = this.ticket();
    const user = this.user();
    return !!user && can(user.role, action, { ticket, relation: relationTo(ticket, user.id) });
  }
}
