import { Injectable, signal } from '@angular/core';
import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

import {
  loadPasswordPolicy,
  PASSWORD_MIN_LENGTH,
  type PasswordPolicy,
  type PasswordVerdict,
} from '@hd/shared/domain';

/**
 * The API's own password policy for a form's password field: loaded lazily (zxcvbn, about 1.6 MB,
 * in a chunk of its own), as a validator and as the verdict for the strength meter. Until it has
 * loaded, or if it cannot load, only the minimum length is checked here (the server checks the rest).
 * Provide it in the component's `providers` and call {@link PasswordChecker.load} once.
 */
@Injectable()
export class PasswordChecker {
  private readonly policy = signal<PasswordPolicy | null>(null);

  /** True when the policy could not be loaded. */
  public readonly loadFailed = signal(false);

  /** Loads the policy, then validates `control` again with it. */
  public load(control: AbstractControl): void {
    loadPasswordPolicy()
      .then((policy) => {
        this.policy.set(policy);
        control.updateValueAndValidity();
      })
      .catch(() => this.loadFailed.set(true));
  }

  /**
   * A validator for the password field: `weak` with the policy's reason. `related` gives the words
   * the password must not be built on (the e-mail, the names), read at each check.
   */
  public validator(related: () => readonly string[]): ValidatorFn {
    return (control: AbstractControl): ValidationErrors | null => {
      const password = String(control.value ?? '');
      if (!password) return null;
      const verdict = this.verdict(password, related());
      if (!verdict)
        return password.length >= PASSWORD_MIN_LENGTH
          ? null
          : { weak: `Password must be at least ${PASSWORD_MIN_LENGTH} characters long` };
      return verdict.acceptable ? null : { weak: verdict.reason ?? 'Password is too easy to guess' };
    };
  }

  /** The policy's verdict on `password`; null while it loads or for an empty password. */
  public verdict(password: string, related: readonly string[]): PasswordVerdict | null {
    const policy = this.policy();
    if (!policy || !password) return null;
    return policy.evaluatePassword(
      password,
      related.filter((word) => !!word),
    );
  }
}
