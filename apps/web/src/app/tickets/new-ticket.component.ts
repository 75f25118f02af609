import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';

import {
  BODY_MAX_LENGTH,
  CATEGORY_LABELS,
  PRIORITY_LABELS,
  SUBJECT_MAX_LENGTH,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TicketCategory,
  TicketPriority,
} from '@hd/shared/domain';
import { TicketsApiService } from '@hd/web/data-access';

import { applyServerErrors } from '../core/server-errors';
import { FeedbackService } from '../core/feedback.service';

/** Validator for text that must contain something besides white space. */
const notBlank = Validators.pattern(/\S/);

/** Opens a ticket: subject, description, priority and category; lands on the new ticket. */
@Component({
  selector: 'hd-new-ticket',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './new-ticket.component.html',
  styleUrl: './new-ticket.component.scss',
})
export class NewTicketComponent {
  private readonly tickets = inject(TicketsApiService);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);

  protected readonly subjectMax = SUBJECT_MAX_LENGTH;
  protected readonly bodyMax = BODY_MAX_LENGTH;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly categories = TICKET_CATEGORIES;
  protected readonly priorityLabels = PRIORITY_LABELS;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    subject: ['', [Validators.required, notBlank, Validators.maxLength(SUBJECT_MAX_LENGTH)]],
    description: ['', [Validators.required, notBlank, Validators.maxLength(BODY_MAX_LENGTH)]],
    priority: [TicketPriority.Medium as TicketPriority, Validators.required],
    category: [TicketCategory.General as TicketCategory, Validators.required],
  });
  protected readonly submitting = signal(false);

  /** Creates the ticket and opens it; shows the server's field errors on failure. */
  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.submitting()) return;
    this.submitting.set(true);
    const value = this.form.getRawValue();
    this.tickets
      .create({ ...value, subject: value.subject.trim(), description: value.description.trim() })
      .subscribe({
        next: (ticket) => {
          this.feedback.success(`Ticket #${ticket.id} opened. We'll get back to you soon.`);
          void this.router.navigate(['/tickets', ticket.id]);
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          applyServerErrors(this.form, error);
          this.feedback.error(error, 'Could not open the ticket.');
        },
      });
  }
}
