import { AbstractControl, FormGroup } from '@angular/forms';

import { apiFieldErrors } from '@hd/web/data-access';

/**
 * Puts the API's per-field messages (`errors: {field: [messages]}`) on the matching controls as a
 * `server` error, so each shows next to its field; returns true when any field matched. A field is
 * looked up in `form` first, then in its nested groups (e.g. `firstName` inside a `name` group).
 */
export function applyServerErrors(form: FormGroup, error: unknown): boolean {
  let matched = false;
  for (const [field, messages] of Object.entries(apiFieldErrors(error))) {
    const control = findControl(form, field);
    if (control && messages.length) {
      control.setErrors({ ...(control.errors ?? {}), server: messages.join(' ') });
      control.markAsTouched();
      matched = true;
    }
  }
  return matched;
}

function findControl(group: FormGroup, name: string): AbstractControl | null {
  const direct = group.get(name);
  if (direct) return direct;
  for (const child of Object.values(group.controls)) {
    const found = child instanceof FormGroup ? findControl(child, name) : null;
    if (found) return found;
  }
  return null;
}
