import { HttpErrorResponse } from '@angular/common/http';

import type { ErrorResponse } from '@hd/shared/domain';

/**
 * The server's message for a failed request, for a snackbar: the API's `message` when the body is
 * its error shape, a connectivity message when the request never reached it, else `fallback`.
 */
export function apiErrorMessage(
  error: unknown,
  fallback = 'Something went wrong. Please try again.',
): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    const body = error.error as Partial<ErrorResponse> | null;
    if (body && typeof body.message === 'string' && body.message) return body.message;
  }
  return fallback;
}

/** The per-field validation messages of an API error (`errors: {field: [messages]}`), or `{}`. */
export function apiFieldErrors(error: unknown): Record<string, string[]> {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ErrorResponse> | null;
    if (body && body.errors && typeof body.errors === 'object') return body.errors;
  }
  return {};
}

/** The machine-readable `code` of an API error (see `ErrorCode`), or null. */
export function apiErrorCode(error: unknown): string | null {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ErrorResponse> | null;
    if (body && typeof body.code === 'string') return body.code;
  }
  return null;
}
