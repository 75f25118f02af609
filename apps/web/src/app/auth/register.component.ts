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
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { merge } from 'rxjs';

import { apiErrorMessage, AuthStateService } from '@hd/web/data-access';

import { EmailFieldComponent } from '../core/email-field.component';
import { FeedbackService } from '../core/feedback.service';
import { PasswordChecker } from '../core/password-checker';
import { NewPasswordFieldComponent } from '../core/new-password-field.component';
import { personNameGroup, trimmedNames } from '../core/person-name';
import { PersonNameFieldsComponent } from '../core/person-name-fields.component';
import { applyServerErrors } from '../core/server-errors';

/**
 * Creates a customer account: first and last name (the domain's name rule), e-mail, and a password
 * judged inline by the API's own password policy (loaded lazily with zxcvbn) with a strength meter;
 * the server's field errors show next to their fields (409 on e-mail).
 */
@Component({
  selector: 'hd-register',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PasswordChecker],
  imports: [
    EmailFieldComponent,
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    NewPasswordFieldComponent,
    PersonNameFieldsComponent,
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
  private readonly passwords = inject(PasswordChecker);

  /** Where to go after registering (query parameter). */
  public readonly returnUrl = input<string>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: personNameGroup(),
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    password: ['', [Validators.required, this.passwords.validator(() => this.identity())]],
  });
  private readonly formValue = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly verdict = computed(() => {
    const value = this.formValue();
    return this.passwords.verdict(value.password ?? '', [
      value.email ?? '',
      value.name?.firstName ?? '',
      value.name?.lastName ?? '',
    ]);
  });

  /** Loads the password policy and re-checks the password when the e-mail or the names change. */
  public ngOnInit(): void {
    this.passwords.load(this.form.controls.password);
    this.revalidatePasswordOnIdentityChange();
  }

  /** Registers and logs in; puts server field errors next to their fields. */
  protected register(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.submitting()) return;
    this.submitting.set(true);
    this.formError.set(null);
    const { email, password } = this.form.getRawValue();
    this.auth.register({ ...trimmedNames(this.form.controls.name), email, password }).subscribe({
      next: (user) => {
        this.feedback.success(`Welcome, ${user.firstName || user.name}! Your account is ready.`);
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

  /** The words the password must not be built on: the e-mail and the names. */
  private identity(): string[] {
    const { email, name } = this.form?.getRawValue() ?? { email: '', name: { firstName: '', lastName: '' } };
    return [email, name.firstName, name.lastName];
  }

  private revalidatePasswordOnIdentityChange(): void {
    merge(this.form.controls.email.valueChanges, this.form.controls.name.valueChanges)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.form.controls.password.updateValueAndValidity({ emitEvent: false }));
  }
}
