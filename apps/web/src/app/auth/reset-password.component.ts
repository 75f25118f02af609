import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { ErrorCode } from '@hd/shared/domain';
import { apiErrorCode, apiErrorMessage, PasswordResetApiService } from '@hd/web/data-access';

import { FeedbackService } from '../core/feedback.service';
import { NewPasswordFieldComponent } from '../core/new-password-field.component';
import { PasswordChecker } from '../core/password-checker';
import { applyServerErrors } from '../core/server-errors';

/**
 * `/auth/reset?token=…` (and `&invite=1` for an invitation): sets a new password with the token of
 * the e-mailed link, judged by the API's password policy with a strength meter; then goes to log
 * in. An unknown, used or expired token (400 `INVALID_TOKEN`) says so, with a link to ask again.
 */
@Component({
  selector: 'hd-reset-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PasswordChecker],
  imports: [
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    NewPasswordFieldComponent,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './reset-password.component.html',
  styleUrl: './auth-form.scss',
})
export class ResetPasswordComponent implements OnInit {
  private readonly passwordReset = inject(PasswordResetApiService);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);
  private readonly passwords = inject(PasswordChecker);

  /** The token of the e-mailed link (query parameter). */
  public readonly token = input<string>();
  /** Set for an invitation (query parameter): the wording welcomes a new user. */
  public readonly invite = input<string>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    newPassword: ['', [Validators.required, this.passwords.validator(() => [])]],
  });
  private readonly password = toSignal(this.form.controls.newPassword.valueChanges, { initialValue: '' });
  protected readonly invitation = computed(() => !!this.invite());
  protected readonly verdict = computed(() => this.passwords.verdict(this.password(), []));
  protected readonly submitting = signal(false);
  /** Set when the link cannot be used (no token, or the API refused it). */
  protected readonly linkProblem = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);

  /** Loads the password policy, and says at once when the link has no token. */
  public ngOnInit(): void {
    this.passwords.load(this.form.controls.newPassword);
    this.checkToken();
  }

  /** Sets the password; on success goes to log in with a snackbar. */
  protected setPassword(): void {
    this.form.markAllAsTouched();
    const token = this.token();
    if (this.form.invalid || this.submitting() || !token) return;
    this.submitting.set(true);
    this.formError.set(null);
    this.passwordReset.confirm({ token, newPassword: this.form.controls.newPassword.value }).subscribe({
      next: () => {
        this.feedback.success('Your password is set. Log in with it now.');
        void this.router.navigateByUrl('/auth/login');
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        if (apiErrorCode(error) === ErrorCode.InvalidToken) {
          this.linkProblem.set(
            'This link has expired or has already been used. Ask for a new one: it takes a minute.',
          );
        } else if (!applyServerErrors(this.form, error)) {
          this.formError.set(apiErrorMessage(error));
        }
        this.feedback.error(error, 'Could not set the password.');
      },
    });
  }

  private checkToken(): void {
    if (!this.token())
      this.linkProblem.set(
        'This link is incomplete. Copy the whole address from the e-mail, or ask for a new link.',
      );
  }
}
