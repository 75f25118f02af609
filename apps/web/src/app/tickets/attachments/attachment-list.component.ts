import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';

import type { AttachmentResponse } from '@hd/shared/domain';

import { FeedbackService } from '../../core/feedback.service';
import { AttachmentImageComponent } from './attachment-image.component';
import { AttachmentsApiService } from './attachments-api.service';
import { FileSizePipe } from './file-size.pipe';

/**
 * Files of a ticket or of one message: each with a download button (its name) and its size, and
 * images with a preview inline. A failed download is reported in a snackbar naming the file.
 */
@Component({
  selector: 'hd-attachment-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AttachmentImageComponent, FileSizePipe, MatButtonModule, MatIconModule],
  templateUrl: './attachment-list.component.html',
  styleUrl: './attachment-list.component.scss',
})
export class AttachmentListComponent {
  private readonly api = inject(AttachmentsApiService);
  private readonly feedback = inject(FeedbackService);

  /** The files, in the order to show. */
  public readonly attachments = input.required<readonly AttachmentResponse[]>();
  /** The list's accessible name, e.g. "Attachments of Casey Customer's reply". */
  public readonly label = input('Attachments');

  /** Saves the file through the browser. */
  protected download(attachment: AttachmentResponse): void {
    this.api.download(attachment.id, attachment.filename).subscribe({
      error: (error: unknown) =>
        this.feedback.error(error, `${attachment.filename}: the download failed. Please try again.`),
    });
  }
}
