import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { PasswordResetApiService } from '@hd/web/data-access';

import { EmailFieldComponent } from '../core/email-field.component';
import { FeedbackService } from '../core/feedback.service';
import { applyServerErrors } from '../core/server-errors';

/**
 * "Forgot password?": asks for an e-mail and requests a reset link. Whatever the address, the page
 * then says the same thing (the API never tells whether an account uses it).
 */
@Component({
  selector: 'hd-forgot-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmailFieldComponent,
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './forgot-password.component.html',
  styleUrl: './auth-form.scss',
})
export class ForgotPasswordComponent implements OnInit {
  private readonly passwordReset = inject(PasswordResetApiService);
  private readonly feedback = inject(FeedbackService);

  /** The e-mail to start with (query parameter, e.g. from the login form). */
  public readonly email = input<string>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
  });
  protected readonly submitting = signal(false);
  /** The address a link was requested for; set once the request was accepted. */
  protected readonly sentTo = signal<string | null>(null);

  /** Fills in the e-mail passed in the URL. */
  public ngOnInit(): void {
    this.prefillEmail();
  }

  /** Requests the reset e-mail, then shows the confirmation. */
  protected requestLink(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.submitting()) return;
    this.submitting.set(true);
    const email = this.form.controls.email.value.trim();
    this.passwordReset.request(email).subscribe({
      next: () => {
        this.submitting.set(false);
        this.sentTo.set(email);
        this.feedback.success('Request sent. Check your e-mail.');
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        if (error instanceof HttpErrorResponse && error.status === 400) applyServerErrors(this.form, error);
        this.feedback.error(error, 'Could not send the request.');
      },
    });
  }

  /** Goes back to the form, to ask for another address. */
  protected askAgain(): void {
    this.sentTo.set(null);
  }

  private prefillEmail(): void {
    const email = this.email();
    if (email) this.form.controls.email.setValue(email);
  }
}
