import { AbstractControl, FormGroup } from '@angular/forms';

import { apiFieldErrors } from '@hd/web/data-access';

/**
 * Puts the API's per-field messages (`errors: {field: [messages]}`) on the matching controls as a
 * `server` error, so each shows next to its field; returns true when any field matched.
 */
export function applyServerErrors(form: FormGroup, error: unknown): boolean {
  let matched = false;
  for (const [field, messages] of Object.entries(apiFieldErrors(error))) {
    const control: AbstractControl | null = form.get(field);
    if (control && messages.length) {
      control.setErrors({ ...(control.errors ?? {}), server: messages.join(' ') });
      control.markAsTouched();
      matched = true;
    }
  }
  return matched;
}
