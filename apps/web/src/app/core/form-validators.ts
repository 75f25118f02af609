import { AbstractControl, FormArray, FormControl, ValidationErrors } from '@angular/forms';

/** Refuses an array of checkboxes (`FormArray<FormControl<boolean>>`) none of which is ticked: `{required: true}`. */
export function atLeastOneChecked(array: AbstractControl): ValidationErrors | null {
  const boxes = (array as FormArray<FormControl<boolean>>).controls;
  return boxes.some((box) => box.value) ? null : { required: true };
}
