import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, OnInit, signal } from '@angular/core';

import { AttachmentsApiService } from './attachments-api.service';

/**
 * The image preview of an attachment (at most 320 px wide), fetched with the user's token as a
 * blob and shown through an object URL, revoked when the preview goes. The file's name is its
 * alternative text; nothing shows while it loads or when it cannot be fetched.
 */
@Component({
  selector: 'hd-attachment-image',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@if (url(); as src) {
    <img [src]="src" [alt]="filename()" />
  }`,
  styles: `
    :host {
      display: block;
    }
    img {
      display: block;
      max-width: 100%;
      height: auto;
      border-radius: 8px;
      border: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class AttachmentImageComponent implements OnInit {
  private readonly api = inject(AttachmentsApiService);
  private readonly destroyRef = inject(DestroyRef);

  /** The attachment's id. */
  public readonly attachmentId = input.required<number>();
  /** The attachment's file name, the image's alternative text. */
  public readonly filename = input.required<string>();

  protected readonly url = signal<string | null>(null);

  /** Fetches the preview. */
  public ngOnInit(): void {
    this.loadPreview();
  }

  private loadPreview(): void {
    const subscription = this.api.preview(this.attachmentId()).subscribe({
      next: (blob) => this.url.set(URL.createObjectURL(blob)),
      // A missing preview is not worth a message: the file is still listed for download.
      error: () => undefined,
    });
    this.destroyRef.onDestroy(() => {
      subscription.unsubscribe();
      const url = this.url();
      if (url) URL.revokeObjectURL(url);
    });
  }
}
