import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

/**
 * An "E-mail" field with its errors: required, not an address, and the server's (e.g. "An account
 * with this e-mail already exists"). The form owns the control and its validators.
 */
@Component({
  selector: 'hd-email-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field appearance="outline">
      <mat-label>E-mail</mat-label>
      <input
        matInput
        type="email"
        [formControl]="control()"
        [autocomplete]="autocomplete()"
        required
        maxlength="254"
      />
      @if (control().hasError('required')) {
        <mat-error>Enter {{ pronoun() }} e-mail address</mat-error>
      } @else if (control().hasError('email')) {
        <mat-error>Enter a valid e-mail address, like name&#64;example.com</mat-error>
      } @else if (control().hasError('server')) {
        <mat-error data-testid="email-server-error">{{ control().getError('server') }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
  `,
})
export class EmailFieldComponent {
  /** The e-mail control (validated by the form). */
  public readonly control = input.required<FormControl<string>>();
  /** The field's `autocomplete`: `username` on login, `email` for one's own, `off` for someone else's. */
  public readonly autocomplete = input('email');
  /** Whose address it is in "Enter … e-mail address": "your" or "their". */
  public readonly pronoun = input<'your' | 'their'>('your');
}
