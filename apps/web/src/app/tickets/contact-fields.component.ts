import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { AFFECTED_ITEM_MAX_LENGTH, CONTACT_NUMBER_MAX_LENGTH } from '@hd/shared/domain';

/**
 * A ticket's "Contact number" and "Affected item" fields (side by side when there is room), with
 * hints and the server's objections (e.g. `INVALID_CONTACT_NUMBER`). The form owns the controls.
 */
@Component({
  selector: 'hd-contact-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Contact number{{ optional() ? ' (optional)' : '' }}</mat-label>
      <input
        matInput
        type="tel"
        [formControl]="contactNumber()"
        autocomplete="tel"
        [maxlength]="contactNumberMax"
        data-testid="contact-number-input"
      />
      <mat-hint>International form, like +44 20 7183 8750</mat-hint>
      @if (contactNumber().hasError('server')) {
        <mat-error>{{ contactNumber().getError('server') }}</mat-error>
      }
    </mat-form-field>
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>Affected item{{ optional() ? ' (optional)' : '' }}</mat-label>
      <input
        matInput
        [formControl]="affectedItem()"
        [maxlength]="affectedItemMax"
        data-testid="affected-item-input"
      />
      <mat-hint>The product, device or service concerned</mat-hint>
      @if (affectedItem().hasError('server')) {
        <mat-error>{{ affectedItem().getError('server') }}</mat-error>
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
      gap: 8px 16px;
    }
    mat-form-field {
      width: 100%;
    }
  `,
})
export class ContactFieldsComponent {
  /** The contact number control. */
  public readonly contactNumber = input.required<FormControl<string>>();
  /** The affected item control. */
  public readonly affectedItem = input.required<FormControl<string>>();
  /** Marks both labels "(optional)". */
  public readonly optional = input(false);

  protected readonly contactNumberMax = CONTACT_NUMBER_MAX_LENGTH;
  protected readonly affectedItemMax = AFFECTED_ITEM_MAX_LENGTH;
}
