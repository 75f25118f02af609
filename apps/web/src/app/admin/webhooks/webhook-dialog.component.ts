import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Observable } from 'rxjs';

import {
  type CreatedWebhookResponse,
  type UpdateWebhookRequest,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENTS,
  WEBHOOK_LIMITS,
  type WebhookEvent,
  type WebhookResponse,
} from '@hd/shared/domain';
import { WebhooksApiService } from '@hd/web/data-access';
import { OneTimeSecretComponent } from '@hd/web/ui';

import { finishOnDismiss } from '../../core/dialog-dismiss';
import { FeedbackService } from '../../core/feedback.service';
import { atLeastOneChecked } from '../../core/form-validators';
import { applyServerErrors } from '../../core/server-errors';

/** What {@link WebhookDialogComponent} edits: nothing for a new webhook, else that one. */
export interface WebhookDialogData {
  webhook?: WebhookResponse;
}

/** How {@link WebhookDialogComponent} closed after saving: the webhook (never its secret), and whether it is new. */
export interface WebhookDialogResult {
  webhook: WebhookResponse;
  created: boolean;
}

/** An `http://` or `https://` URL without spaces (the server checks the rest, and the address). */
const URL_PATTERN = /^https?:\/\/[^\s/?#]+\S*$/i;

/**
 * Creates a webhook (URL, events as checkboxes, whether `reply.created` includes internal notes, an
 * optional signing secret) or edits one (the same, a new secret, and whether it is on, which turns
 * one switched off after failures back on). Saves itself, keeping the dialog open with the server's
 * objections next to their fields (e.g. `WEBHOOK_URL_FORBIDDEN` under the URL) and in a snackbar.
 * A new webhook's signing secret is then shown once, with a copy button, and focused; every way of
 * closing the dialog from there hands the webhook to the opener.
 */
@Component({
  selector: 'hd-webhook-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    OneTimeSecretComponent,
    ReactiveFormsModule,
  ],
  templateUrl: './webhook-dialog.component.html',
  styleUrl: './webhook-dialog.component.scss',
})
export class WebhookDialogComponent {
  private readonly api = inject(WebhooksApiService);
  private readonly feedback = inject(FeedbackService);
  private readonly dialogRef =
    inject<MatDialogRef<WebhookDialogComponent, WebhookDialogResult>>(MatDialogRef);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly editing = inject<WebhookDialogData>(MAT_DIALOG_DATA).webhook ?? null;
  protected readonly limits = WEBHOOK_LIMITS;
  protected readonly events = WEBHOOK_EVENTS.map((event) => ({ event, label: WEBHOOK_EVENT_LABELS[event] }));
  protected readonly form = this.fb.group({
    url: [
      this.editing?.url ?? '',
      [
        Validators.required,
        Validators.maxLength(WEBHOOK_LIMITS.urlMaxLength),
        Validators.pattern(URL_PATTERN),
      ],
    ],
    events: this.fb.array(
      WEBHOOK_EVENTS.map((event) => this.editing?.events.includes(event) ?? false),
      atLeastOneChecked,
    ),
    includeInternalNotes: [this.editing?.includeInternalNotes ?? false],
    secret: [
      '',
      [
        Validators.minLength(WEBHOOK_LIMITS.secretMinLength),
        Validators.maxLength(WEBHOOK_LIMITS.secretMaxLength),
      ],
    ],
    active: [this.editing?.active ?? true],
  });
  protected readonly saving = signal(false);
  /** The webhook just created, with its signing secret: shown once. */
  protected readonly created = signal<CreatedWebhookResponse | null>(null);

  /** Creates or changes the webhook; keeps the dialog open with the errors on failure. */
  protected saveWebhook(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const request = this.request();
    if (!request) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    request.subscribe({
      next: (webhook) => {
        this.saving.set(false);
        if (this.editing) this.dialogRef.close({ webhook, created: false });
        else this.showCreated(webhook as CreatedWebhookResponse);
      },
      error: (error: unknown) => {
        this.saving.set(false);
        applyServerErrors(this.form, error);
        this.feedback.error(error, 'Could not save the webhook.');
      },
    });
  }

  /** Closes the dialog after a creation, handing over the new webhook without its secret. */
  protected finish(): void {
    const created = this.created();
    if (!created) return;
    const { secret: _secret, ...webhook } = created;
    this.dialogRef.close({ webhook, created: true });
  }

  /** The request to send, or null when an edit changed nothing. */
  private request(): Observable<WebhookResponse> | null {
    const value = this.form.getRawValue();
    const events = WEBHOOK_EVENTS.filter((_, index) => value.events[index]);
    const url = value.url.trim();
    if (!this.editing) {
      return this.api.create({
        url,
        events,
        includeInternalNotes: value.includeInternalNotes,
        ...(value.secret ? { secret: value.secret } : {}),
      });
    }
    const before = this.editing;
    const change: UpdateWebhookRequest = {
      ...(url !== before.url ? { url } : {}),
      ...(!sameEvents(events, before.events) ? { events } : {}),
      ...(value.includeInternalNotes !== before.includeInternalNotes
        ? { includeInternalNotes: value.includeInternalNotes }
        : {}),
      ...(value.active !== before.active ? { active: value.active } : {}),
      ...(value.secret ? { secret: value.secret } : {}),
    };
    return Object.keys(change).length ? this.api.update(before.id, change) : null;
  }

  /** Shows the new webhook's secret; from now on Escape and a click outside also end with {@link finish}. */
  private showCreated(created: CreatedWebhookResponse): void {
    this.created.set(created);
    finishOnDismiss(this.dialogRef, () => this.finish());
  }
}

/** Whether two event lists hold the same events. */
function sameEvents(a: readonly WebhookEvent[], b: readonly WebhookEvent[]): boolean {
  return a.length === b.length && a.every((event) => b.includes(event));
}
