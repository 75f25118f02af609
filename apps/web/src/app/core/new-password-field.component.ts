import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordVerdict } from '@hd/shared/domain';

import { PasswordChecker } from './password-checker';
import { PasswordStrengthComponent } from './password-strength.component';

let nextId = 0;

/**
 * A field for choosing a password (`autocomplete="new-password"`) with its errors (required, the
 * policy's `weak`, the server's) and the strength meter below it. The form owns the control and its
 * validators (see `PasswordChecker`) and passes the policy's verdict in; when the form's
 * `PasswordChecker` could not load the policy, the field says so.
 */
@Component({
  selector: 'hd-new-password-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatInputModule, PasswordStrengthComponent, ReactiveFormsModule],
  template: `
    @if (checkerFailed()) {
      <p class="notice" role="status">
        Could not load the password checker; the server will still check the password.
      </p>
    }
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        type="password"
        [formControl]="control()"
        autocomplete="new-password"
        [required]="required()"
        [maxlength]="maxLength"
        [aria-describedby]="meterId"
      />
      <mat-hint>{{ hint() }}</mat-hint>
      @if (control().hasError('required')) {
        <mat-error>Choose a password</mat-error>
      } @else if (control().hasError('weak')) {
        <mat-error>{{ control().getError('weak') }}</mat-error>
      } @else if (control().hasError('server')) {
        <mat-error>{{ control().getError('server') }}</mat-error>
      }
    </mat-form-field>
    <hd-password-strength [verdict]="verdict()" [elementId]="meterId" />
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
    .notice {
      margin: 0 0 12px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class NewPasswordFieldComponent {
  private readonly checker = inject(PasswordChecker, { optional: true });

  /** The password control (validated by the form). */
  public readonly control = input.required<FormControl<string>>();
  /** The policy's verdict for the strength meter (null shows none). */
  public readonly verdict = input<PasswordVerdict | null>(null);
  /** The field's label. */
  public readonly label = input('Password');
  /** Marks the field as required. */
  public readonly required = input(true);
  /** The line of help under the field. */
  public readonly hint = input(
    `At least ${PASSWORD_MIN_LENGTH} characters and hard to guess; a few unrelated words work well.`,
  );

  protected readonly checkerFailed = (): boolean => this.checker?.loadFailed() ?? false;
  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly meterId = `password-strength-${nextId++}`;
}
