import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Observable } from 'rxjs';

import {
  CANNED_RESPONSE_BODY_MAX_LENGTH,
  CANNED_RESPONSE_PLACEHOLDERS,
  CANNED_RESPONSE_TITLE_MAX_LENGTH,
  type CannedResponseResponse,
  type UpdateCannedResponseRequest,
} from '@hd/shared/domain';
import { CannedResponsesApiService } from '@hd/web/data-access';

import { FeedbackService } from '../../core/feedback.service';
import { applyServerErrors } from '../../core/server-errors';

/** What {@link CannedResponseDialogComponent} edits (nothing for a new one), and whether it may be shared. */
export interface CannedResponseDialogData {
  response?: CannedResponseResponse;
  /** True for those who may manage shared canned responses: offers the "shared" switch. */
  canShare: boolean;
}

const notBlank = Validators.pattern(/\S/);

/**
 * Adds a canned response (title, text, and for admins whether it is shared) or edits one. Saves
 * itself, keeping the dialog open with the server's objections next to their fields; closes with
 * the saved response, or with nothing when an edit changed nothing.
 */
@Component({
  selector: 'hd-canned-response-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
  ],
  template: `
    @if (saving()) {
      <mat-progress-bar mode="indeterminate" aria-label="Saving the canned response" />
    }
    <h2 mat-dialog-title>{{ editing ? 'Edit canned response' : 'Add a canned response' }}</h2>
    <form [formGroup]="form" (ngSubmit)="saveResponse()" novalidate>
      <mat-dialog-content>
        <mat-form-field appearance="outline">
          <mat-label>Title</mat-label>
          <input matInput formControlName="title" [maxlength]="titleMax" required autocomplete="off" />
          <mat-hint align="end">{{ form.controls.title.value.length }} / {{ titleMax }}</mat-hint>
          @if (form.controls.title.hasError('server')) {
            <mat-error>{{ form.controls.title.getError('server') }}</mat-error>
          } @else {
            <mat-error>Give it a title</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Text</mat-label>
          <textarea matInput formControlName="body" rows="6" [maxlength]="bodyMax" required></textarea>
          <mat-hint align="end">{{ form.controls.body.value.length }} / {{ bodyMax }}</mat-hint>
          @if (form.controls.body.hasError('server')) {
            <mat-error>{{ form.controls.body.getError('server') }}</mat-error>
          } @else {
            <mat-error>Write the text</mat-error>
          }
        </mat-form-field>
        <p class="placeholders">
          Filled in when inserted:
          @for (placeholder of placeholders; track placeholder.name) {
            <span class="placeholder"
              ><code>{{ braces(placeholder.name) }}</code> {{ placeholder.description }}</span
            >
          }
        </p>
        @if (data.canShare) {
          <mat-slide-toggle formControlName="shared">Shared with all agents and admins</mat-slide-toggle>
          @if (editing?.shared && !form.controls.shared.value) {
            <p class="hint" role="note">
              It will become your personal response: other staff will no longer see it.
            </p>
          }
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">
          {{ editing ? 'Save changes' : 'Add canned response' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    mat-form-field {
      width: 100%;
    }
    .placeholders {
      display: flex;
      flex-direction: column;
      gap: 2px;
      margin: 4px 0 12px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    code {
      color: var(--mat-sys-on-surface);
    }
    .hint {
      margin: 8px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CannedResponseDialogComponent {
  private readonly api = inject(CannedResponsesApiService);
  private readonly feedback = inject(FeedbackService);
  private readonly dialogRef =
    inject<MatDialogRef<CannedResponseDialogComponent, CannedResponseResponse>>(MatDialogRef);
  protected readonly data = inject<CannedResponseDialogData>(MAT_DIALOG_DATA);

  protected readonly editing = this.data.response ?? null;
  protected readonly titleMax = CANNED_RESPONSE_TITLE_MAX_LENGTH;
  protected readonly bodyMax = CANNED_RESPONSE_BODY_MAX_LENGTH;
  protected readonly placeholders = CANNED_RESPONSE_PLACEHOLDERS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    title: [this.editing?.title ?? '', [Validators.required, notBlank, Validators.maxLength(this.titleMax)]],
    body: [this.editing?.body ?? '', [Validators.required, notBlank, Validators.maxLength(this.bodyMax)]],
    shared: [this.editing?.shared ?? false],
  });
  protected readonly saving = signal(false);

  /** A placeholder as it is written in a text: `{{name}}`. */
  protected braces(name: string): string {
    return `{{${name}}}`;
  }

  /** Adds or changes the canned response; closes on success, keeps the dialog open with the errors otherwise. */
  protected saveResponse(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const request = this.request();
    if (!request) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    request.subscribe({
      next: (response) => this.dialogRef.close(response),
      error: (error: unknown) => {
        this.saving.set(false);
        applyServerErrors(this.form, error);
        this.feedback.error(error, 'Could not save the canned response.');
      },
    });
  }

  /** The request to send, or null when an edit changed nothing. */
  private request(): Observable<CannedResponseResponse> | null {
    const { title, body, shared } = this.form.getRawValue();
    const wanted = { title: title.trim(), body: body.trim(), ...(this.data.canShare ? { shared } : {}) };
    if (!this.editing) return this.api.create(wanted);
    const editing = this.editing;
    const change: UpdateCannedResponseRequest = Object.fromEntries(
      Object.entries(wanted).filter(([key, value]) => editing[key as keyof typeof wanted] !== value),
    );
    return Object.keys(change).length ? this.api.update(editing.id, change) : null;
  }
}
