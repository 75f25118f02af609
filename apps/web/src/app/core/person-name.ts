import {
  AbstractControl,
  FormControl,
  FormGroup,
  ValidationErrors,
  ValidatorFn,
  Validators,
} from '@angular/forms';

import { personNameProblem } from '@hd/shared/domain';

/** A first and last name form group, as {@link PersonNameFieldsComponent} shows it. */
export type PersonNameGroup = FormGroup<{
  firstName: FormControl<string>;
  lastName: FormControl<string>;
}>;

/**
 * Checks a first or last name with the domain's rule (letters, spaces, hyphens, apostrophes and
 * periods, starting with a letter, at most `NAME_MAX_LENGTH` characters); `personName` holds
 * the reason, worded with `label` (e.g. "First name"). Empty values are left to `required`.
 */
export function personName(label: string): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value = String(control.value ?? '').trim();
    const problem = value ? personNameProblem(value, label) : null;
    return problem ? { personName: problem } : null;
  };
}

/** A new first and last name group, both required and checked with {@link personName}. */
export function personNameGroup(firstName = '', lastName = ''): PersonNameGroup {
  return new FormGroup({
    firstName: new FormControl(firstName, {
      nonNullable: true,
      validators: [Validators.required, personName('First name')],
    }),
    lastName: new FormControl(lastName, {
      nonNullable: true,
      validators: [Validators.required, personName('Last name')],
    }),
  });
}

/** The trimmed names of a {@link PersonNameGroup}. */
export function trimmedNames(group: PersonNameGroup): { firstName: string; lastName: string } {
  const { firstName, lastName } = group.getRawValue();
  return { firstName: firstName.trim(), lastName: lastName.trim() };
}
