import { inject, Injectable } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

import { apiErrorMessage } from '@hd/web/data-access';

/** Snackbars for the outcome of every user action. */
@Injectable({ providedIn: 'root' })
export class FeedbackService {
  private readonly snackBar = inject(MatSnackBar);

  /** Shows a success message for 5 s. */
  public success(message: string): void {
    this.snackBar.open(message, 'OK', { duration: 5000, politeness: 'polite' });
  }

  /**
   * Shows the server's message for a failed request with an action (e.g. "Reapply") that runs
   * `retry` when clicked; stays until dismissed or 15 s pass.
   */
  public retry(error: unknown, action: string, retry: () => void): void {
    this.snackBar
      .open(apiErrorMessage(error), action, {
        duration: 15_000,
        politeness: 'assertive',
        panelClass: 'hd-error-snackbar',
      })
      .onAction()
      .subscribe(() => retry());
  }

  /** Shows the server's message for a failed request (or `fallback`) for 8 s, in the error colours. */
  public error(error: unknown, fallback?: string): void {
    this.snackBar.open(apiErrorMessage(error, fallback), 'Dismiss', {
      duration: 8000,
      politeness: 'assertive',
      panelClass: 'hd-error-snackbar',
    });
  }
}
