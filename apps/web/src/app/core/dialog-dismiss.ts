import { MatDialogRef } from '@angular/material/dialog';
import { filter, merge, take } from 'rxjs';

/**
 * From now on, Escape and a click outside the dialog call `finish` (which closes it with a result)
 * instead of closing it with none: for a dialog that has saved something and still shows it, e.g.
 * a secret shown once, so that the opener always learns what was saved.
 */
export function finishOnDismiss(dialogRef: MatDialogRef<unknown, unknown>, finish: () => void): void {
  dialogRef.disableClose = true;
  merge(dialogRef.backdropClick(), dialogRef.keydownEvents().pipe(filter((event) => event.key === 'Escape')))
    .pipe(take(1))
    .subscribe(() => finish());
}
