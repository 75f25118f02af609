import { Pipe, PipeTransform } from '@angular/core';

import { formatFileSize } from './attachment';

/** A size in bytes for people: `{{ 12345 | fileSize }}` is `12.3 kB` (see {@link formatFileSize}). */
@Pipe({ name: 'fileSize' })
export class FileSizePipe implements PipeTransform {
  /** The size in B, kB, MB or GB with at most one decimal. */
  public transform(bytes: number): string {
    return formatFileSize(bytes);
  }
}
