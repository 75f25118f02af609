import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { filter, switchMap } from 'rxjs';

import {
  Action,
  can,
  canChangeCannedResponse,
  canSeeCannedResponse,
  type CannedResponseResponse,
  compareCannedResponses,
} from '@hd/shared/domain';
import { AuthStateService, CannedResponsesApiService } from '@hd/web/data-access';
import { ConfirmDialogComponent, type ConfirmDialogData, EmptyStateComponent } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';
import {
  CannedResponseDialogComponent,
  type CannedResponseDialogData,
} from './canned-response-dialog.component';

/**
 * The canned responses of an agent or admin: their personal ones, and the shared ones. Adds, edits
 * (in a dialog) and deletes (after confirming) the ones the user may change, as the shared rules
 * say: their own personal ones, and for admins the shared ones. Every outcome ends in a snackbar.
 */
@Component({
  selector: 'hd-canned-responses',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmptyStateComponent,
    MatButtonModule,
    MatDialogModule,
    MatIconModule,
    MatProgressBarModule,
    NgTemplateOutlet,
    RouterLink,
  ],
  templateUrl: './canned-responses.component.html',
  styleUrl: './canned-responses.component.scss',
})
export class CannedResponsesComponent implements OnInit {
  private readonly api = inject(CannedResponsesApiService);
  private readonly auth = inject(AuthStateService);
  private readonly dialog = inject(MatDialog);
  private readonly feedback = inject(FeedbackService);

  protected readonly responses = signal<CannedResponseResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  protected readonly busy = signal(false);
  protected readonly personal = computed(() => this.responses().filter((r) => !r.shared));
  protected readonly shared = computed(() => this.responses().filter((r) => r.shared));
  protected readonly canShare = computed(() => {
    const user = this.auth.user();
    return user !== null && can(user.role, Action.ManageSharedCannedResponses);
  });

  /** Loads the canned responses. */
  public ngOnInit(): void {
    this.load();
  }

  /** Fetches the canned responses (again, after a failure). */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.api.list().subscribe({
      next: ({ items }) => {
        this.loading.set(false);
        this.responses.set(items);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load the canned responses.');
      },
    });
  }

  /** Whether the user may edit and delete `response`. */
  protected canChange(response: CannedResponseResponse): boolean {
    const user = this.auth.user();
    return user !== null && canChangeCannedResponse(user, response);
  }

  /** Opens the dialog for a new canned response, and lists it once added. */
  protected add(): void {
    this.openDialog({ canShare: this.canShare() }, (added) => {
      this.put(added);
      this.feedback.success(`Canned response “${added.title}” added.`);
    });
  }

  /** Opens the dialog on `response`, and shows it as saved. */
  protected edit(response: CannedResponseResponse): void {
    this.openDialog({ response, canShare: this.canShare() }, (saved) => {
      this.put(saved);
      this.feedback.success(`Canned response “${saved.title}” saved.`);
    });
  }

  /** Asks for confirmation, then deletes `response`. */
  protected confirmDelete(response: CannedResponseResponse): void {
    const data: ConfirmDialogData = {
      title: 'Delete this canned response?',
      message: response.shared
        ? `“${response.title}” will be gone for every agent and admin.`
        : `“${response.title}” will be gone for good.`,
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
        switchMap(() => {
          this.busy.set(true);
          return this.api.remove(response.id);
        }),
      )
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.responses.update((all) => all.filter((r) => r.id !== response.id));
          this.feedback.success(`Canned response “${response.title}” deleted.`);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.feedback.error(error, 'Could not delete the canned response.');
        },
      });
  }

  private openDialog(
    data: CannedResponseDialogData,
    saved: (response: CannedResponseResponse) => void,
  ): void {
    this.dialog
      .open<CannedResponseDialogComponent, CannedResponseDialogData, CannedResponseResponse>(
        CannedResponseDialogComponent,
        { data, width: 'min(640px, 95vw)', maxWidth: '95vw' },
      )
      .afterClosed()
      .pipe(filter((response) => response !== undefined))
      .subscribe((response) => saved(response));
  }

  /** Puts `response` in the list in place of its old self (or adds it), in the API's order. */
  private put(response: CannedResponseResponse): void {
    const user = this.auth.user();
    const others = this.responses().filter((r) => r.id !== response.id);
    const visible = user !== null && canSeeCannedResponse(user, response);
    this.responses.set((visible ? [...others, response] : others).sort(compareCannedResponses));
  }
}
