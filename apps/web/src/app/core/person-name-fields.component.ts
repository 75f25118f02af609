import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { NAME_MAX_LENGTH } from '@hd/shared/domain';

import type { PersonNameGroup } from './person-name';

/**
 * The "First name" and "Last name" fields of a form (side by side when there is room), with their
 * errors: required, the domain's name rule, and the server's.
 */
@Component({
  selector: 'hd-person-name-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    @for (field of fields(); track field.key) {
      <mat-form-field appearance="outline">
        <mat-label>{{ field.label }}</mat-label>
        <input
          matInput
          [formControl]="field.control"
          [autocomplete]="field.autocomplete"
          required
          [maxlength]="maxLength"
        />
        @if (field.control.hasError('required')) {
          <mat-error>{{ field.required }}</mat-error>
        } @else if (field.control.hasError('personName')) {
          <mat-error>{{ field.control.getError('personName') }}</mat-error>
        } @else if (field.control.hasError('server')) {
          <mat-error>{{ field.control.getError('server') }}</mat-error>
        }
      </mat-form-field>
    }
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
      gap: 0 16px;
    }
    mat-form-field {
      width: 100%;
    }
  `,
})
export class PersonNameFieldsComponent {
  /** The group holding `firstName` and `lastName`. */
  public readonly group = input.required<PersonNameGroup>();
  /** Whose name it is in the "Enter … first name" messages: "your" or "their". */
  public readonly pronoun = input<'your' | 'their'>('your');

  protected readonly maxLength = NAME_MAX_LENGTH;
  protected readonly fields = computed(() => {
    const own = this.pronoun() === 'your';
    const { firstName, lastName } = this.group().controls;
    return [
      {
        key: 'firstName',
        control: firstName,
        label: 'First name',
        autocomplete: own ? 'given-name' : 'off',
        required: `Enter ${this.pronoun()} first name`,
      },
      {
        key: 'lastName',
        control: lastName,
        label: 'Last name',
        autocomplete: own ? 'family-name' : 'off',
        required: `Enter ${this.pronoun()} last name`,
      },
    ];
  });
}
