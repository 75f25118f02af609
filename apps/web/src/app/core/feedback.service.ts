import { Injectable, Injector, inject, PendingTasks } from '@angular/core';
import type {
  MatSnackBar,
  MatSnackBarConfig,
  MatSnackBarRef,
  TextOnlySnackBar,
} from '@angular/material/snack-bar';

import { apiErrorMessage } from '@hd/web/data-access';

/**
 * Snackbars for the outcome of every user action. The snack bar (with the CDK overlay, about
 * 16 KiB compressed) is loaded on the first message, not with the page that might show one; until
 * it is shown the app counts as busy (`PendingTasks`), so tests and `whenStable()` wait for it.
 */
@Injectable({ providedIn: 'root' })
export class FeedbackService {
  private readonly injector = inject(Injector);
  private readonly pendingTasks = inject(PendingTasks);

  private snackBar?: Promise<MatSnackBar>;

  /** Shows a success message for 5 s. */
  public success(message: string): void {
    this.open(message, 'OK', { duration: 5000, politeness: 'polite' });
  }

  /**
   * Shows the server's message for a failed request with an action (e.g. "Reapply") that runs
   * `retry` when clicked; stays until dismissed or 15 s pass.
   */
  public retry(error: unknown, action: string, retry: () => void): void {
    this.open(
      apiErrorMessage(error),
      action,
      { duration: 15_000, politeness: 'assertive', panelClass: 'hd-error-snackbar' },
      (ref) => ref.onAction().subscribe(() => retry()),
    );
  }

  /** Shows the server's message for a failed request (or `fallback`) for 8 s, in the error colours. */
  public error(error: unknown, fallback?: string): void {
    this.open(apiErrorMessage(error, fallback), 'Dismiss', {
      duration: 8000,
      politeness: 'assertive',
      panelClass: 'hd-error-snackbar',
    });
  }

  /** Opens a snackbar once the snack bar is loaded, then hands its ref to `opened`. */
  private open(
    message: string,
    action: string,
    config: MatSnackBarConfig,
    opened?: (ref: MatSnackBarRef<TextOnlySnackBar>) => void,
  ): void {
    const snackBar = (this.snackBar ??= import('@angular/material/snack-bar').then((m) =>
      this.injector.get(m.MatSnackBar),
    ));
    this.pendingTasks.run(async () => {
      const ref = (await snackBar).open(message, action, config);
      opened?.(ref);
    });
  }
}
