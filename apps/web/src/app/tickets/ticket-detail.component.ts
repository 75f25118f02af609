import { HttpErrorResponse } from '@angular/common/http';
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
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import { filter, Observable, switchMap } from 'rxjs';

import {
  type CreateReplyRequest,
  placeholderValuesFor,
  PRIORITY_LABELS,
  STATUS_LABELS,
  type TicketPriority,
  TicketStatus,
} from '@hd/shared/domain';
import { AuthStateService, CategoriesStateService } from '@hd/web/data-access';
import { ConfirmDialogComponent, ConfirmDialogData } from '@hd/web/ui';

import { FeedbackService } from '../core/feedback.service';
import { NotFoundComponent } from '../not-found/not-found.component';
import { AttachmentListComponent } from './attachments/attachment-list.component';
import { TicketDetailStore } from './ticket-detail.store';
import { describeHistoryEvent } from './ticket-detail/activity';
import { ReplyBoxComponent } from './ticket-detail/reply-box.component';
import {
  TicketDescriptionComponent,
  type TicketTextChange,
} from './ticket-detail/ticket-description.component';
import { type TicketContactChange, TicketDetailsComponent } from './ticket-detail/ticket-details.component';
import { TicketHeaderComponent } from './ticket-detail/ticket-header.component';
import { TicketThreadComponent } from './ticket-detail/ticket-thread.component';

/** Where the "Show activity" switch of the ticket page is remembered. */
export const SHOW_ACTIVITY_STORAGE_KEY = 'hd.showActivity';

/**
 * One ticket, for its customer and for staff, at `/tickets/<id>` or `/tickets/<TICK-number>` (the
 * address e-mails link to): its number, details, status with what happens next, buttons for the
 * moves the shared workflow table allows, the thread oldest first with the ticket's activity
 * interleaved (switchable, remembered), the files of the ticket and of each message (images
 * previewed), and a reply box that attaches files. Staff also see internal notes, an
 * assignee picker and a priority select. A 404 shows the not-found page. The state lives in
 * {@link TicketDetailStore}; this page wires it to its parts, confirms the deletion, sets the
 * page title and reports every outcome in a snackbar.
 */
@Component({
  selector: 'hd-ticket-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [TicketDetailStore],
  imports: [
    AttachmentListComponent,
    MatButtonModule,
    MatDialogModule,
    MatIconModule,
    MatProgressBarModule,
    NotFoundComponent,
    ReplyBoxComponent,
    RouterLink,
    TicketDescriptionComponent,
    TicketDetailsComponent,
    TicketHeaderComponent,
    TicketThreadComponent,
  ],
  templateUrl: './ticket-detail.component.html',
  styleUrl: './ticket-detail.component.scss',
})
export class TicketDetailComponent {
  protected readonly store = inject(TicketDetailStore);
  private readonly auth = inject(AuthStateService);
  private readonly categories = inject(CategoriesStateService);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly title = inject(Title);
  private readonly feedback = inject(FeedbackService);

  /** The ticket's id or number, from the route. */
  public readonly id = input.required<string>();

  private readonly description = viewChild(TicketDescriptionComponent);
  private readonly details = viewChild(TicketDetailsComponent);
  private readonly replyBox = viewChild(ReplyBoxComponent);

  protected readonly user = this.auth.user;
  protected readonly isStaff = this.auth.isStaff;
  protected readonly closed = computed(() => this.store.ticket()?.status === TicketStatus.Closed);
  protected readonly categoryLabel = computed(() => {
    const ticket = this.store.ticket();
    return ticket ? this.categories.label(ticket.category) : '';
  });
  protected readonly activity = computed(() =>
    this.store
      .history()
      .map((event) => describeHistoryEvent(event, (slug) => this.categories.label(slug)))
      .filter((line) => line !== null),
  );
  protected readonly showActivity = signal(readShowActivity());
  /** The ticket's files not sent with a message (e.g. uploaded with the new-ticket form). */
  protected readonly ticketFiles = computed(() =>
    (this.store.ticket()?.attachments ?? []).filter((attachment) => attachment.replyId === null),
  );
  /** What the placeholders of canned responses stand for on this ticket, written by this user. */
  protected readonly placeholders = computed(() =>
    placeholderValuesFor({ ticket: this.store.ticket(), agent: this.user() }),
  );

  /**
   * Loads the ticket whenever the route's id changes, the agents when the user is staff and the
   * category names; reports failed loads and keeps the page title on the ticket.
   */
  public constructor() {
    this.loadOnIdChange();
    this.loadAgentsForStaff();
    this.loadCategoryNames();
    this.reportLoadFailures();
    this.titleAfterTicket();
  }

  /** Moves the ticket along the workflow. */
  protected changeStatus(status: TicketStatus): void {
    this.run(this.store.changeStatus(status), `Status changed to ${STATUS_LABELS[status]}.`);
  }

  /** Assigns the ticket to the current user. */
  protected assignToMe(): void {
    this.run(this.store.assign(), 'Assigned to you.');
  }

  /** Assigns the ticket to an agent, or unassigns it with null. */
  protected assignTo(agentId: number | null): void {
    const name = this.store.agents().find((a) => a.id === agentId)?.name;
    this.run(
      this.store.assign(agentId),
      agentId === null ? 'Ticket unassigned.' : `Assigned to ${name ?? 'the agent'}.`,
    );
  }

  /** Changes the priority (staff only). */
  protected setPriority(priority: TicketPriority): void {
    this.run(this.store.setPriority(priority), `Priority set to ${PRIORITY_LABELS[priority]}.`);
  }

  /** Saves subject and description, then closes the editor. */
  protected saveEdit(change: TicketTextChange): void {
    this.run(this.store.update(change), 'Ticket updated.', () => this.description()?.close());
  }

  /** Saves the contact number and affected item; the API's objections show next to their fields. */
  protected saveContact(change: TicketContactChange): void {
    this.run(
      this.store.update(change),
      'Contact details saved.',
      () => this.details()?.closeEditor(),
      (error) => this.details()?.showServerErrors(error),
    );
  }

  /** Shows or hides the activity lines in the thread, and remembers the choice. */
  protected toggleActivity(show: boolean): void {
    this.showActivity.set(show);
    try {
      localStorage.setItem(SHOW_ACTIVITY_STORAGE_KEY, String(show));
    } catch {
      // Private mode or a full quota: the choice lasts for this page.
    }
  }

  /** Posts the reply (or internal note), then empties the reply box. */
  protected sendReply(body: CreateReplyRequest): void {
    this.run(this.store.reply(body), body.internal ? 'Internal note added.' : 'Reply sent.', () =>
      this.replyBox()?.clear(),
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
      .pipe(
        filter((confirmed) => confirmed === true),
        switchMap(() => this.store.remove()),
      )
      .subscribe({
        next: () => {
          this.feedback.success('Ticket deleted.');
          void this.router.navigateByUrl('/tickets');
        },
        error: (error: unknown) => this.feedback.error(error, 'Could not delete the ticket.'),
      });
  }

  private loadOnIdChange(): void {
    effect(() => {
      const id = this.id();
      untracked(() => this.store.load(id));
    });
  }

  private loadAgentsForStaff(): void {
    effect(() => {
      if (this.isStaff()) untracked(() => this.store.loadAgents());
    });
  }

  private loadCategoryNames(): void {
    // Without the names, categories read as their default labels.
    this.categories
      .load()
      .pipe(takeUntilDestroyed())
      .subscribe({ error: () => undefined });
  }

  private titleAfterTicket(): void {
    effect(() => {
      const ticket = this.store.ticket();
      if (ticket) this.title.setTitle(`${ticket.number} · ${ticket.subject} · Helpdesk`);
    });
  }

  private reportLoadFailures(): void {
    this.store.failures
      .pipe(takeUntilDestroyed())
      .subscribe(({ error, message }) => this.feedback.error(error, message));
  }

  /** Sends a change through the store and reports the outcome; `after` runs on success, `failed` on an error. */
  private run(
    request: Observable<unknown>,
    success: string,
    after?: () => void,
    failed?: (error: unknown) => void,
  ): void {
    request.subscribe({
      next: () => {
        this.feedback.success(success);
        after?.();
      },
      error: (error: unknown) => {
        failed?.(error);
        // Someone changed the ticket meanwhile: the store reloads it; offer to apply the change again.
        if (error instanceof HttpErrorResponse && error.status === 412) {
          this.feedback.retry(error, 'Reapply', () => this.run(request, success, after, failed));
        } else {
          this.feedback.error(error);
        }
      },
    });
  }
}

/** The remembered "Show activity" choice; on unless switched off. */
function readShowActivity(): boolean {
  try {
    return localStorage.getItem(SHOW_ACTIVITY_STORAGE_KEY) !== 'false';
  } catch {
    return true;
  }
}
