import { HttpEventType } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Subscription } from 'rxjs';

import {
  ALLOWED_ATTACHMENT_EXTENSIONS,
  type AttachmentResponse,
  MAX_ATTACHMENTS_PER_REPLY,
} from '@hd/shared/domain';

import { FeedbackService } from '../../core/feedback.service';
import { isPreviewableImage, uploadErrorMessage } from './attachment';
import { AttachmentsApiService } from './attachments-api.service';
import { FileSizePipe } from './file-size.pipe';

/** A file chosen in the picker, on its way to the ticket or waiting for it. */
export interface PickedFile {
  /** Tells the files apart (the same file may be chosen twice). */
  key: number;
  file: File;
  /** An object URL of the file for its thumbnail (images only), revoked when it leaves the list. */
  previewUrl: string | null;
  /** `waiting` for a ticket to upload to, `uploading`, or `done` (then `attachment` is set). */
  state: 'waiting' | 'uploading' | 'done';
  /** Of the upload, 0 to 100. */
  progress: number;
  /** The stored file, once uploaded. */
  attachment: AttachmentResponse | null;
}

/** How the upload of one file ended: the stored file, or why it failed (a sentence naming the file). */
export type UploadOutcome = { file: File; attachment: AttachmentResponse } | { file: File; error: string };

/**
 * Attaches files to a form: a paperclip button (the keyboard's way in) and a drop zone around it
 * for dragging files in, then one row per file with its thumbnail (images), name, size, an upload
 * progress bar and a remove button.
 *
 * With a `ticketId`, each file uploads to that ticket as soon as it is chosen (the reply box) and a
 * failure is reported at once in a snackbar naming the file (the file leaves the list). Without
 * one, the files wait until the form calls {@link uploadAll} with the ticket it has just created
 * (the new-ticket form), which reports the failures back instead. Removing a file before sending
 * cancels its upload; a file already uploaded stays on the server unlinked.
 */
@Component({
  selector: 'hd-attachment-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FileSizePipe, MatButtonModule, MatIconModule, MatProgressBarModule],
  templateUrl: './attachment-picker.component.html',
  styleUrl: './attachment-picker.component.scss',
})
export class AttachmentPickerComponent {
  private readonly api = inject(AttachmentsApiService);
  private readonly feedback = inject(FeedbackService);

  /** The ticket files upload to as they are chosen; null to wait for {@link uploadAll}. */
  public readonly ticketId = input<number | null>(null);
  /** True while the form is sending: files can be neither added nor removed. */
  public readonly disabled = input(false);
  /** Most files the form takes; those chosen past it are named in a snackbar and left out. */
  public readonly maxFiles = input(MAX_ATTACHMENTS_PER_REPLY);

  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');
  private readonly attachButton = viewChild.required('attachButton', { read: ElementRef<HTMLButtonElement> });

  /** What the file chooser offers (other files can still be dropped, and are refused by the API). */
  protected readonly accept = ALLOWED_ATTACHMENT_EXTENSIONS.join(',');
  protected readonly files = signal<readonly PickedFile[]>([]);
  /** True while files are dragged over the drop zone. */
  protected readonly dragging = signal(false);

  /** True while a file is still uploading: the form should not be sent yet. */
  public readonly uploading = computed(() => this.files().some((f) => f.state === 'uploading'));
  /** The ids of the files uploaded so far, in the order chosen (for `attachmentIds`). */
  public readonly attachmentIds = computed(() =>
    this.files().flatMap((f) => (f.attachment ? [f.attachment.id] : [])),
  );

  private nextKey = 1;
  private readonly uploads = new Map<number, Subscription>();

  /** Revokes the thumbnails' object URLs and cancels the uploads under way when the form goes. */
  public constructor() {
    inject(DestroyRef).onDestroy(() => this.releaseAll());
  }

  /**
   * Uploads every file still waiting to ticket `ticketId`, all at once, and resolves when all have
   * ended: one outcome per file, in the order chosen. Failed files leave the list.
   */
  public uploadAll(ticketId: number): Promise<UploadOutcome[]> {
    const waiting = this.files().filter((f) => f.state === 'waiting');
    return Promise.all(waiting.map((picked) => this.upload(picked, ticketId)));
  }

  /** Empties the list after the form was sent (uploaded files stay with what they were sent with). */
  public clear(): void {
    this.releaseAll();
    this.files.set([]);
  }

  /** Opens the browser's file chooser (the paperclip button). */
  protected choose(): void {
    this.fileInput().nativeElement.click();
  }

  /** Takes the files picked in the chooser, and empties it so the same file can be picked again. */
  protected takeChosen(): void {
    const input = this.fileInput().nativeElement;
    this.add(Array.from(input.files ?? []));
    input.value = '';
  }

  /** Lets files be dropped here (the browser would otherwise open them). */
  protected allowDrop(event: DragEvent): void {
    if (this.disabled() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  /** The dragged files left the drop zone (not just moved onto one of its children). */
  protected leaveDrop(event: DragEvent): void {
    const target = event.currentTarget as HTMLElement | null;
    if (target && event.relatedTarget instanceof Node && target.contains(event.relatedTarget)) return;
    this.dragging.set(false);
  }

  /** Takes the files dropped on the drop zone. */
  protected drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    if (this.disabled()) return;
    this.add(Array.from(event.dataTransfer?.files ?? []));
  }

  /** Takes a file out of the list (its remove button), and gives the focus to the attach button. */
  protected removeAndRefocus(picked: PickedFile): void {
    this.remove(picked);
    this.attachButton().nativeElement.focus();
  }

  /** Takes a file out of the list, cancelling its upload. */
  private remove(picked: PickedFile): void {
    this.release(picked);
    this.files.update((files) => files.filter((f) => f.key !== picked.key));
  }

  /** Adds files to the list, up to `maxFiles`; with a ticket, uploads them at once. */
  private add(chosen: File[]): void {
    const room = Math.max(this.maxFiles() - this.files().length, 0);
    const left = chosen.slice(room);
    if (left.length)
      this.feedback.error(
        undefined,
        `${left.map((file) => file.name).join(', ')}: at most ${this.maxFiles()} files can be attached`,
      );
    const taken = chosen.slice(0, room);
    if (!taken.length) return;
    const added: PickedFile[] = taken.map((file) => ({
      key: this.nextKey++,
      file,
      previewUrl: isPreviewableImage(file) ? URL.createObjectURL(file) : null,
      state: 'waiting',
      progress: 0,
      attachment: null,
    }));
    this.files.update((files) => [...files, ...added]);
    const ticketId = this.ticketId();
    if (ticketId === null) return;
    for (const picked of added)
      void this.upload(picked, ticketId).then((outcome) => {
        if ('error' in outcome) this.feedback.error(undefined, outcome.error);
      });
  }

  /** Uploads one file, following its progress; a failure takes it out of the list. */
  private upload(picked: PickedFile, ticketId: number): Promise<UploadOutcome> {
    const { key, file } = picked;
    this.patch(key, { state: 'uploading', progress: 0 });
    return new Promise((resolve) => {
      const fail = (error: unknown): void => {
        const failed = this.files().find((f) => f.key === key);
        if (failed) this.remove(failed);
        resolve({ file, error: uploadErrorMessage(file.name, error) });
      };
      const subscription = this.api.upload(ticketId, file).subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress && event.total)
            this.patch(key, { progress: Math.round((100 * event.loaded) / event.total) });
          else if (event.type === HttpEventType.Response) {
            const attachment = event.body?.items[0];
            if (attachment) {
              this.patch(key, { state: 'done', progress: 100, attachment });
              resolve({ file, attachment });
            } else fail(null);
          }
        },
        error: (error: unknown) => fail(error),
        complete: () => this.uploads.delete(key),
      });
      this.uploads.set(key, subscription);
    });
  }

  private patch(key: number, change: Partial<PickedFile>): void {
    this.files.update((files) => files.map((f) => (f.key === key ? { ...f, ...change } : f)));
  }

  private release(picked: PickedFile): void {
    this.uploads.get(picked.key)?.unsubscribe();
    this.uploads.delete(picked.key);
    if (picked.previewUrl) URL.revokeObjectURL(picked.previewUrl);
  }

  private releaseAll(): void {
    for (const picked of this.files()) this.release(picked);
  }
}
