import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
  viewChild,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';

import {
  AFFECTED_ITEM_MAX_LENGTH,
  BODY_MAX_LENGTH,
  CATEGORY_LABELS,
  type CategoryResponse,
  CONTACT_NUMBER_MAX_LENGTH,
  type CreateTicketRequest,
  PRIORITY_LABELS,
  SUBJECT_MAX_LENGTH,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TicketCategory,
  TicketPriority,
  type TicketResponse,
} from '@hd/shared/domain';
import { CategoriesStateService, TicketsApiService } from '@hd/web/data-access';

import { applyServerErrors } from '../core/server-errors';
import { FeedbackService } from '../core/feedback.service';
import { AttachmentPickerComponent } from './attachments/attachment-picker.component';
import { ContactFieldsComponent } from './contact-fields.component';

/** Validator for text that must contain something besides white space. */
const notBlank = Validators.pattern(/\S/);

/** A category to choose in the form. */
interface CategoryOption {
  slug: string;
  name: string;
}

/**
 * Opens a ticket: subject, description, priority, category (the active categories, by position, from
 * the API), and optionally a contact number and the affected item; lands on the new ticket. The
 * server's objections (e.g. an invalid contact number) show next to their fields. Files attached
 * to the form upload once the ticket exists; one that fails is named in a snackbar (the ticket is
 * open all the same, and the file can be attached to a reply on its page).
 */
@Component({
  selector: 'hd-new-ticket',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AttachmentPickerComponent,
    ContactFieldsComponent,
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
export class NewTicketComponent implements OnInit {
  private readonly tickets = inject(TicketsApiService);
  private readonly categoriesState = inject(CategoriesStateService);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);

  private readonly attachments = viewChild.required(AttachmentPickerComponent);

  protected readonly subjectMax = SUBJECT_MAX_LENGTH;
  protected readonly bodyMax = BODY_MAX_LENGTH;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly priorityLabels = PRIORITY_LABELS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    subject: ['', [Validators.required, notBlank, Validators.maxLength(SUBJECT_MAX_LENGTH)]],
    description: ['', [Validators.required, notBlank, Validators.maxLength(BODY_MAX_LENGTH)]],
    priority: [TicketPriority.Medium as TicketPriority, Validators.required],
    category: [TicketCategory.General as string, Validators.required],
    contactNumber: ['', Validators.maxLength(CONTACT_NUMBER_MAX_LENGTH)],
    affectedItem: ['', Validators.maxLength(AFFECTED_ITEM_MAX_LENGTH)],
  });
  protected readonly submitting = signal(false);
  protected readonly loadingCategories = signal(true);
  /** The categories failed to load: the five defaults are offered instead. */
  private readonly categoriesFailed = signal(false);
  protected readonly categories = computed<CategoryOption[]>(() =>
    this.categoriesFailed()
      ? TICKET_CATEGORIES.map((slug) => ({ slug, name: CATEGORY_LABELS[slug] }))
      : (this.categoriesState.categories() ?? []).filter((category) => category.active),
  );

  /** Loads the categories to choose from. */
  public ngOnInit(): void {
    this.loadCategories();
  }

  /** Creates the ticket and opens it; shows the server's field errors on failure. */
  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.submitting()) return;
    this.submitting.set(true);
    this.tickets.create(this.request()).subscribe({
      next: (ticket) => void this.attachAndOpen(ticket),
      error: (error: unknown) => {
        this.submitting.set(false);
        applyServerErrors(this.form, error);
        this.feedback.error(error, 'Could not open the ticket.');
      },
    });
  }

  /** Uploads the attached files to the new ticket, reports the outcome and opens the ticket. */
  private async attachAndOpen(ticket: TicketResponse): Promise<void> {
    const outcomes = await this.attachments().uploadAll(ticket.id);
    const failures = outcomes.flatMap((outcome) => ('error' in outcome ? [outcome.error] : []));
    if (failures.length)
      this.feedback.error(
        undefined,
        `Ticket ${ticket.number} opened, but not every file was attached. ${failures.join('. ')}. ` +
          `Attach ${failures.length === 1 ? 'it' : 'them'} to a reply on the ticket page.`,
      );
    else this.feedback.success(`Ticket ${ticket.number} opened. We'll get back to you soon.`);
    await this.router.navigate(['/tickets', ticket.id]);
  }

  /** The form as the API wants it: trimmed, without the optional fields left empty. */
  private request(): CreateTicketRequest {
    const { subject, description, priority, category, contactNumber, affectedItem } = this.form.getRawValue();
    return {
      subject: subject.trim(),
      description: description.trim(),
      priority,
      category,
      ...(contactNumber.trim() ? { contactNumber: contactNumber.trim() } : {}),
      ...(affectedItem.trim() ? { affectedItem: affectedItem.trim() } : {}),
    };
  }

  private loadCategories(): void {
    this.categoriesState.load().subscribe({
      next: (categories) => {
        this.loadingCategories.set(false);
        this.preselect(categories.filter((category) => category.active));
      },
      error: (error: unknown) => {
        this.loadingCategories.set(false);
        this.categoriesFailed.set(true);
        this.feedback.error(error, 'Could not load the categories; the usual ones are offered.');
      },
    });
  }

  /** Keeps the chosen category when it is offered, else picks the first one. */
  private preselect(categories: readonly CategoryResponse[]): void {
    const control = this.form.controls.category;
    if (categories.length && !categories.some((category) => category.slug === control.value))
      control.setValue(categories[0].slug);
  }
}
