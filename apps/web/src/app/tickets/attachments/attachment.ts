import { HttpErrorResponse } from '@angular/common/http';

import { INLINE_IMAGE_TYPES } from '@hd/shared/domain';
import { apiErrorMessage } from '@hd/web/data-access';

const UNITS = [
  { unit: 'byte', from: 0, divisor: 1 },
  { unit: 'kilobyte', from: 1024, divisor: 1024 },
  { unit: 'megabyte', from: 1024 ** 2, divisor: 1024 ** 2 },
  { unit: 'gigabyte', from: 1024 ** 3, divisor: 1024 ** 3 },
] as const;

/**
 * A size in bytes for people, with at most one decimal: `512 B`, `12.1 kB`, `4.5 MB`. Counted in
 * multiples of 1,024, as the upload limit is (`ATTACHMENT_MAX_BYTES`, 10 MiB by default, reads
 * `10 MB`). Formatted by `Intl.NumberFormat` in `locale`.
 */
export function formatFileSize(bytes: number, locale = 'en'): string {
  const { unit, divisor } = [...UNITS].reverse().find((u) => bytes >= u.from) ?? UNITS[0];
  if (unit === 'byte') return `${new Intl.NumberFormat(locale).format(bytes)} B`;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(bytes / divisor);
}

/**
 * Why a file could not be uploaded, naming the file: `screenshot.bmp: this file type is not
 * accepted` for a 415, the server's message (which names the limit) for a 413, else the server's
 * message or a fallback.
 */
export function uploadErrorMessage(filename: string, error: unknown): string {
  if (error instanceof HttpErrorResponse && error.status === 415)
    return `${filename}: this file type is not accepted`;
  const fallback =
    error instanceof HttpErrorResponse && error.status === 413
      ? 'this file is too large'
      : 'could not be uploaded';
  return `${filename}: ${apiErrorMessage(error, fallback)}`;
}

/** Whether the browser can show `file` as an image preview before it is sent. */
export function isPreviewableImage(file: File): boolean {
  return INLINE_IMAGE_TYPES.includes(file.type);
}
