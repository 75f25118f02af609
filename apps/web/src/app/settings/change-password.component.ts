import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { AuthStateService, ProfileApiService } from '@hd/web/data-access';

import { FeedbackService } from '../core/feedback.service';
import { NewPasswordFieldComponent } from '../core/new-password-field.component';
import { PasswordChecker } from '../core/password-checker';
import { applyServerErrors } from '../core/server-errors';

/**
 * Changes the user's password: the current one, and a new one judged by the API's password policy
 * with a strength meter. A wrong current password shows next to its field; on success the user's
 * other sessions end (this one stays).
 */
@Component({
  selector: 'hd-change-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PasswordChecker],
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    NewPasswordFieldComponent,
    ReactiveFormsModule,
  ],
  template: `
    <mat-card appearance="outlined" [attr.aria-busy]="saving()">
      @if (saving()) {
        <mat-progress-bar mode="indeterminate" aria-label="Changing your password" />
      }
      <mat-card-header>
        <mat-card-title><h2>Password</h2></mat-card-title>
      </mat-card-header>
      <mat-card-content>
        <p class="help">Changing your password logs you out everywhere else.</p>
        <form [formGroup]="form" (ngSubmit)="changePassword()" novalidate>
          <mat-form-field appearance="outline">
            <mat-label>Current password</mat-label>
            <input
              matInput
              type="password"
              formControlName="currentPassword"
              autocomplete="current-password"
              required
            />
            @if (form.controls.currentPassword.hasError('required')) {
              <mat-error>Enter your current password</mat-error>
            } @else if (form.controls.currentPassword.hasError('server')) {
              <mat-error>{{ form.controls.currentPassword.getError('server') }}</mat-error>
            }
          </mat-form-field>
          <hd-new-password-field
            label="New password"
            [control]="form.controls.newPassword"
            [verdict]="verdict()"
          />
          <div class="actions">
            <button mat-flat-button type="submit" [disabled]="saving()">Change password</button>
          </div>
        </form>
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './settings-card.scss',
})
export class ChangePasswordComponent implements OnInit {
  private readonly profile = inject(ProfileApiService);
  private readonly auth = inject(AuthStateService);
  private readonly feedback = inject(FeedbackService);
  private readonly passwords = inject(PasswordChecker);

  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, this.passwords.validator(() => this.identity())]],
  });
  private readonly newPassword = toSignal(this.form.controls.newPassword.valueChanges, {
    initialValue: '',
  });
  protected readonly verdict = computed(() => this.passwords.verdict(this.newPassword(), this.identity()));
  protected readonly saving = signal(false);

  /** Loads the password policy. */
  public ngOnInit(): void {
    this.passwords.load(this.form.controls.newPassword);
  }

  /** Changes the password, then empties the form. */
  protected changePassword(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    this.saving.set(true);
    this.profile.changePassword(this.form.getRawValue()).subscribe({
      next: () => {
        this.saving.set(false);
        this.formDirective()?.resetForm({ currentPassword: '', newPassword: '' });
        this.feedback.success('Password changed. You are logged out everywhere else.');
      },
      error: (error: unknown) => {
        this.saving.set(false);
        applyServerErrors(this.form, error);
        this.feedback.error(error, 'Could not change your password.');
      },
    });
  }

  /** The words the new password must not be built on: the user's e-mail and names. */
  private identity(): string[] {
    const user = this.auth.user();
    return user ? [user.email, user.firstName, user.lastName] : [];
  }
}
