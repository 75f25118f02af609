import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  AbstractControl,
  FormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import {
  API_TOKEN_LIMITS,
  API_TOKEN_SCOPE_LABELS,
  type ApiTokenResponse,
  ApiTokenScope,
  type CreatedApiTokenResponse,
} from '@hd/shared/domain';
import { ApiTokensApiService } from '@hd/web/data-access';
import { OneTimeSecretComponent } from '@hd/web/ui';

import { finishOnDismiss } from '../../core/dialog-dismiss';
import { FeedbackService } from '../../core/feedback.service';
import { atLeastOneChecked } from '../../core/form-validators';
import { applyServerErrors } from '../../core/server-errors';

/** What {@link ApiTokenDialogComponent} offers: the scopes the user's role may give a token. */
export interface ApiTokenDialogData {
  scopes: readonly ApiTokenScope[];
}

/** What each scope lets a token do, under its checkbox. */
const SCOPE_HINTS: Readonly<Record<ApiTokenScope, string>> = {
  [ApiTokenScope.TicketsRead]: 'Tickets, replies, history, attachments, categories and notifications',
  [ApiTokenScope.TicketsWrite]: 'Open tickets, reply, assign and change status, as your role allows',
  [ApiTokenScope.UsersRead]: 'The staff list (everyone, for admins)',
  [ApiTokenScope.ReportsRead]: 'Reports',
  [ApiTokenScope.Admin]: 'Everything you may do as an admin: users, settings, webhooks, the audit log',
};

const notBlank = Validators.pattern(/\S/);

/** Today's date in the browser's time zone, as a date input writes it (`yyyy-mm-dd`). */
export function todayInputValue(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The end of the day `date` (`yyyy-mm-dd`) in the browser's time zone, as ISO 8601 UTC. */
export function endOfDayIso(date: string): string {
  return new Date(`${date}T23:59:59.999`).toISOString();
}

/** Refuses a date (`yyyy-mm-dd`) before today. */
function notInThePast(control: AbstractControl<string>): ValidationErrors | null {
  return control.value && control.value < todayInputValue() ? { past: true } : null;
}

/**
 * Creates a personal API token: a name, its scopes (checkboxes, only those the user's role allows;
 * at least one) and an optional expiry date (the token works until the end of that day). The
 * server's objections show next to their fields and in a snackbar. Once created, the dialog shows
 * the token's value once, with a copy button and a warning, and focuses it; every way of closing
 * it then hands the created token (without its value) to the opener.
 */
@Component({
  selector: 'hd-api-token-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    OneTimeSecretComponent,
    ReactiveFormsModule,
  ],
  templateUrl: './api-token-dialog.component.html',
  styleUrl: './api-token-dialog.component.scss',
})
export class ApiTokenDialogComponent {
  private readonly api = inject(ApiTokensApiService);
  private readonly feedback = inject(FeedbackService);
  private readonly dialogRef = inject<MatDialogRef<ApiTokenDialogComponent, ApiTokenResponse>>(MatDialogRef);
  private readonly data = inject<ApiTokenDialogData>(MAT_DIALOG_DATA);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly nameMax = API_TOKEN_LIMITS.nameMaxLength;
  protected readonly today = todayInputValue();
  protected readonly scopes = this.data.scopes.map((scope) => ({
    scope,
    label: API_TOKEN_SCOPE_LABELS[scope],
    hint: SCOPE_HINTS[scope],
  }));
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, notBlank, Validators.maxLength(this.nameMax)]],
    scopes: this.fb.array(
      this.data.scopes.map((scope) => scope === ApiTokenScope.TicketsRead),
      atLeastOneChecked,
    ),
    expiresAt: ['', notInThePast],
  });
  protected readonly saving = signal(false);
  /** The token just created, with its value: shown once. */
  protected readonly created = signal<CreatedApiTokenResponse | null>(null);

  /** Creates the token; shows its value on success, keeps the form open with the errors otherwise. */
  protected createToken(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const { name, scopes, expiresAt } = this.form.getRawValue();
    this.saving.set(true);
    this.api
      .create({
        name: name.trim(),
        scopes: this.data.scopes.filter((_, index) => scopes[index]),
        ...(expiresAt ? { expiresAt: endOfDayIso(expiresAt) } : {}),
      })
      .subscribe({
        next: (created) => {
          this.saving.set(false);
          this.showCreated(created);
        },
        error: (error: unknown) => {
          this.saving.set(false);
          applyServerErrors(this.form, error);
          this.feedback.error(error, 'Could not create the token.');
        },
      });
  }

  /** Closes the dialog, handing over the created token without its value. */
  protected finish(): void {
    const created = this.created();
    if (!created) return;
    const { token: _token, ...listed } = created;
    this.dialogRef.close(listed);
  }

  /** Shows the new token; from now on Escape and a click outside also end with {@link finish}. */
  private showCreated(created: CreatedApiTokenResponse): void {
    this.created.set(created);
    finishOnDismiss(this.dialogRef, () => this.finish());
  }
}
