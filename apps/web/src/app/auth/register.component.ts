import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  FormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { merge } from 'rxjs';

import { PASSWORD_MIN_LENGTH, type PasswordVerdict } from '@hd/shared/domain';
import { apiErrorMessage, AuthStateService } from '@hd/web/data-access';

import { FeedbackService } from '../core/feedback.service';
import { applyServerErrors } from '../core/server-errors';

type PasswordPolicy = typeof import('@hd/shared/domain/password-policy');

/** Words for zxcvbn's score 0 to 4. */
const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

/**
 * Creates a customer account: inline validation with the API's own password policy (loaded
 * lazily with zxcvbn) shown as a strength meter, and the server's field errors (409 on e-mail).
 */
@Component({
  selector: 'hd-register',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './register.component.html',
  styleUrl: './auth-form.scss',
})
export class RegisterComponent implements OnInit {
  private readonly auth = inject(AuthStateService);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);

  /** Where to go after registering (query parameter). */
  public readonly returnUrl = input<string>();

  private readonly policy = signal<PasswordPolicy | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, (control: AbstractControl) => this.validatePassword(control)]],
  });
  private readonly formValue = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly verdict = computed<PasswordVerdict | null>(() => {
    const policy = this.policy();
    const value = this.formValue();
    if (!policy || !value.password) return null;
    return policy.evaluatePassword(value.password, [value.email ?? '', value.name ?? '']);
  });
  protected readonly strengthLabel = computed(() => {
    const verdict = this.verdict();
    return verdict ? STRENGTH_LABELS[verdict.score] : '';
  });

  /** Loads the password policy and re-checks the password when e-mail or name change. */
  public ngOnInit(): void {
    this.loadPolicy();
    this.revalidatePasswordOnIdentityChange();
  }

  /** Registers and logs in; puts server field errors next to their fields. */
  protected register(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.submitting()) return;
    this.submitting.set(true);
    this.formError.set(null);
    this.auth.register(this.form.getRawValue()).subscribe({
      next: (user) => {
        this.feedback.success(`Welcome, ${user.name}! Your account is ready.`);
        const target = this.returnUrl();
        void this.router.navigateByUrl(
          target && target.startsWith('/') && !target.startsWith('//') ? target : '/',
        );
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        if (!applyServerErrors(this.form, error)) this.formError.set(apiErrorMessage(error));
        this.feedback.error(error);
      },
    });
  }

  private loadPolicy(): void {
    import('@hd/shared/domain/password-policy')
      .then((policy) => {
        this.policy.set(policy);
        this.form.controls.password.updateValueAndValidity();
      })
      .catch(() =>
        this.formError.set('Could not load the password checker; the server will still check your password.'),
      );
  }

  private revalidatePasswordOnIdentityChange(): void {
    merge(this.form.controls.email.valueChanges, this.form.controls.name.valueChanges)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.form.controls.password.updateValueAndValidity({ emitEvent: false }));
  }

  private validatePassword(control: AbstractControl): ValidationErrors | null {
    const password = String(control.value ?? '');
    if (!password) return null;
    const policy = this.policy();
    if (!policy)
      return password.length >= PASSWORD_MIN_LENGTH
        ? null
        : { weak: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long` };
    const parent = control.parent?.value as { email?: string; name?: string } | undefined;
    const verdict = policy.evaluatePassword(password, [parent?.email ?? '', parent?.name ?? '']);
    return verdict.acceptable ? null : { weak: verdict.reason ?? 'Password is too easy to guess' };
  }
}
