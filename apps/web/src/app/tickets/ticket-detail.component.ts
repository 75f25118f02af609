import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { HttpErrorResponse } from '@angular/common/http';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { EMPTY, merge, Observable, switchMap } from 'rxjs';

import {
  Action,
  type AgentSummary,
  can,
  relationTo,
  allowedTransitions,
  BODY_MAX_LENGTH,
  CATEGORY_LABELS,
  PRIORITY_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
  SUBJECT_MAX_LENGTH,
  TICKET_PRIORITIES,
  type TicketDetailResponse,
  type TicketPriority,
  TicketStatus,
} from '@hd/shared/domain';
import {
  AuthStateService,
  RealtimeService,
  RepliesApiService,
  TicketsApiService,
  UsersApiService,
} from '@hd/web/data-access';
import {
  ConfirmDialogComponent,
  ConfirmDialogData,
  PriorityBadgeComponent,
  RelativeTimeComponent,
  StatusChipComponent,
} from '@hd/web/ui';

import { FeedbackService } from '../core/feedback.service';
import { NotFoundComponent } from '../not-found/not-found.component';
import { STATUS_EXPLANATIONS, transitionIcon, transitionLabel } from './workflow-text';

/** A status button: the move it makes and what it says. */
interface StatusAction {
  to: TicketStatus;
  label: string;
  icon: string;
}

const notBlank = Validators.pattern(/\S/);

/**
 * One ticket, for its customer and for staff: details, status with what happens next, buttons for
 * the moves the shared workflow table allows, the thread oldest first, and a reply box. Staff also
 * see internal notes, an assignee picker and a priority select. A 404 shows the not-found page.
 */
@Component({
  selector: 'hd-ticket-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    NotFoundComponent,
    PriorityBadgeComponent,
    ReactiveFormsModule,
    RelativeTimeComponent,
    RouterLink,
    StatusChipComponent,
  ],
  templateUrl: './ticket-detail.component.html',
  styleUrl: './ticket-detail.component.scss',
})
export class TicketDetailComponent {
  private readonly tickets = inject(TicketsApiService);
  private readonly replies = inject(RepliesApiService);
  private readonly users = inject(UsersApiService);
  private readonly realtime = inject(RealtimeService);
  private readonly auth = inject(AuthStateService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);
  private readonly fb = inject(FormBuilder).nonNullable;

  /** The ticket id, from the route. */
  public readonly id = input.required<string>();

  private readonly replyFormDirective = viewChild('replyFormDirective', { read: FormGroupDirective });

  protected readonly user = this.auth.user;
  protected readonly isStaff = this.auth.isStaff;
  protected readonly ticket = signal<TicketDetailResponse | null>(null);
  protected readonly loading = signal(true);
  protected readonly busy = signal(false);
  protected readonly notFound = signal(false);
  protected readonly editing = signal(false);
  protected readonly agents = signal<AgentSummary[]>([]);
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly priorityLabels = PRIORITY_LABELS;
  protected readonly categoryLabels = CATEGORY_LABELS;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly priorities = TICKET_PRIORITIES;
  protected readonly subjectMax = SUBJECT_MAX_LENGTH;
  protected readonly bodyMax = BODY_MAX_LENGTH;

  protected readonly statusActions = computed<StatusAction[]>(() => {
    const ticket = this.ticket();
    const user = this.user();
    if (!ticket || !user) return [];
    return allowedTransitions(ticket.status, user.role, { closedAt: ticket.closedAt }).map((to) => ({
      to,
      label: transitionLabel(ticket.status, to),
      icon: transitionIcon(to),
    }));
  });
  protected readonly explanation = computed(() => {
    const ticket = this.ticket();
    if (!ticket) return '';
    const text = STATUS_EXPLANATIONS[ticket.status];
    return this.isStaff() ? text.staff : text.customer;
  });
  protected readonly canEdit = computed(() => this.may(Action.EditTicket));
  protected readonly canDelete = computed(() => this.may(Action.DeleteTicket));
  protected readonly closed = computed(() => this.ticket()?.status === TicketStatus.Closed);
  protected readonly assignedToMe = computed(() => this.ticket()?.assignee?.id === this.user()?.id);

  protected readonly editForm = this.fb.group({
    subject: ['', [Validators.required, notBlank, Validators.maxLength(SUBJECT_MAX_LENGTH)]],
    description: ['', [Validators.required, notBlank, Validators.maxLength(BODY_MAX_LENGTH)]],
  });
  protected readonly replyForm = this.fb.group({
    content: ['', [Validators.required, notBlank, Validators.maxLength(BODY_MAX_LENGTH)]],
    internal: [false],
  });

  /** Loads the ticket whenever the route's id changes, and the agents for the picker when the user is staff. */
  public constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
    effect(() => {
      if (this.isStaff()) untracked(() => this.loadAgents());
    });
    this.followLiveUpdates();
  }

  /** Moves the ticket along the workflow. */
  protected changeStatus(action: StatusAction): void {
    this.run(
      this.tickets.changeStatus(this.ticketId(), action.to),
      `Status changed to ${STATUS_LABELS[action.to]}.`,
    );
  }

  /** Assigns the ticket to the current user. */
  protected assignToMe(): void {
    this.run(this.tickets.assign(this.ticketId()), 'Assigned to you.');
  }

  /** Assigns the ticket to an agent, or unassigns it with null. */
  protected assignTo(agentId: number | null): void {
    const name = this.agents().find((a) => a.id === agentId)?.name;
    this.run(
      this.tickets.assign(this.ticketId(), agentId),
      agentId === null ? 'Ticket unassigned.' : `Assigned to ${name ?? 'the agent'}.`,
    );
  }

  /** Changes the priority (staff only). */
  protected setPriority(priority: TicketPriority): void {
    this.run(
      this.tickets.update(this.ticketId(), { priority }),
      `Priority set to ${PRIORITY_LABELS[priority]}.`,
    );
  }

  /** Opens the subject/description editor with the current values. */
  protected startEditing(): void {
    const ticket = this.ticket();
    if (!ticket) return;
    this.editForm.setValue({ subject: ticket.subject, description: ticket.description });
    this.editing.set(true);
  }

  /** Closes the editor without saving. */
  protected cancelEditing(): void {
    this.editing.set(false);
  }

  /** Saves subject and description. */
  protected saveEdit(): void {
    this.editForm.markAllAsTouched();
    if (this.editForm.invalid) return;
    const { subject, description } = this.editForm.getRawValue();
    this.run(
      this.tickets.update(this.ticketId(), { subject: subject.trim(), description: description.trim() }),
      'Ticket updated.',
      () => this.editing.set(false),
    );
  }

  /** Asks for confirmation, deletes the ticket and goes back to the list. */
  protected confirmDelete(): void {
    const data: ConfirmDialogData = {
      title: 'Delete this ticket?',
      message: 'The ticket and its conversation will be gone for good. This cannot be undone.',
      confirmLabel: 'Delete',
      destructive: true,
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
        data,
        autoFocus: 'dialog',
      })
      .afterClosed()
      .subscribe((confirmed) => {
        if (!confirmed) return;
        this.busy.set(true);
        this.tickets.remove(this.ticketId()).subscribe({
          next: () => {
            this.feedback.success('Ticket deleted.');
            void this.router.navigateByUrl('/tickets');
          },
          error: (error: unknown) => {
            this.busy.set(false);
            this.feedback.error(error, 'Could not delete the ticket.');
          },
        });
      });
  }

  /** Posts the reply (or internal note) and reloads the ticket, whose status may have moved. */
  protected sendReply(): void {
    this.replyForm.markAllAsTouched();
    if (this.replyForm.invalid || this.busy()) return;
    const { content, internal } = this.replyForm.getRawValue();
    const body = this.isStaff() ? { content: content.trim(), internal } : { content: content.trim() };
    this.run(
      this.replies.create(this.ticketId(), body),
      internal && this.isStaff() ? 'Internal note added.' : 'Reply sent.',
      () =>
        // Resetting the directive too clears its "submitted" state, so the empty box is not shown as an error.
        this.replyFormDirective()?.resetForm({ content: '', internal }),
    );
  }

  /**
   * Subscribes to the open ticket over the socket (unsubscribing when the page leaves or the id
   * changes) and reloads it, thread included since the event carries no replies, whenever it
   * changes and after a reconnect, which may have missed changes.
   */
  private followLiveUpdates(): void {
    toObservable(this.id)
      .pipe(
        switchMap((id) => {
          const numericId = Number(id);
          if (!Number.isInteger(numericId) || numericId < 1) return EMPTY;
          return merge(this.realtime.ticketUpdates(numericId), this.realtime.reconnected$);
        }),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.load(this.id()));
  }

  /** Whether the permission table lets the user take `action` on this ticket now. */
  private may(action: Action): boolean {
    const ticket = this.ticket();
    const user = this.user();
    return !!ticket && !!user && can(user.role, action, { ticket, relation: relationTo(ticket, user.id) });
  }

  private ticketId(): number {
    return Number(this.id());
  }

  private run(request: Observable<unknown>, success: string, after?: () => void): void {
    this.busy.set(true);
    request.subscribe({
      next: () => {
        this.busy.set(false);
        this.feedback.success(success);
        after?.();
        this.load(this.id());
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.feedback.error(error);
        this.load(this.id());
      },
    });
  }

  private load(id: string): void {
    const numericId = Number(id);
    if (!Number.isInteger(numericId) || numericId < 1) {
      this.notFound.set(true);
      this.loading.set(false);
      return;
    }
    this.loading.set(true);
    this.tickets.get(numericId).subscribe({
      next: (ticket) => {
        this.ticket.set(ticket);
        this.notFound.set(false);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        if (error instanceof HttpErrorResponse && error.status === 404) {
          this.ticket.set(null);
          this.notFound.set(true);
        } else {
          this.feedback.error(error, 'Could not load the ticket.');
        }
      },
    });
  }

  private loadAgents(): void {
    this.users.listAgents().subscribe({
      next: (agents) => this.agents.set(agents),
      error: (error: unknown) => this.feedback.error(error, 'Could not load the list of agents.'),
    });
  }
}
