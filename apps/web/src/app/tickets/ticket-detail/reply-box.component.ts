import {
  afterNextRender,
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  computed,
  ElementRef,
  EventEmitter,
  inject,
  Injector,
  input,
  Output,
  signal,
  viewChild,
} from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';

import {
  BODY_MAX_LENGTH,
  type CannedResponseResponse,
  type CreateReplyRequest,
  fillPlaceholders,
  type PlaceholderValues,
} from '@hd/shared/domain';

import { AttachmentPickerComponent } from '../attachments/attachment-picker.component';
import { CannedResponsePickerComponent } from './canned-response-picker.component';

/** Where the picker's choice goes in the reply: the selection (or caret) it was opened at. */
interface Insertion {
  start: number;
  end: number;
  /** True when a `/` typed at the start of a line opened the picker (taken out of the reply meanwhile). */
  bySlash: boolean;
}

/**
 * `text` with `inserted` in place of the characters from `start` to `end`, and the caret after it.
 */
export function insertText(
  text: string,
  start: number,
  end: number,
  inserted: string,
): { text: string; caret: number } {
  return { text: text.slice(0, start) + inserted + text.slice(end), caret: start + inserted.length };
}

/**
 * The box under the thread: a reply, or for staff (who get the toggle) an internal note. Emits the
 * trimmed body when valid and not `busy`; the page calls {@link ReplyBoxComponent.clear} once it is sent.
 * Staff also get the canned-response picker, opened by typing `/` at the start of the box or of a
 * line, or by its button: the chosen response goes in at the caret with its placeholders filled
 * from `placeholders`.
 * Files attached with the paperclip (or dropped on it) upload to the ticket as they are chosen;
 * the reply carries their `attachmentIds`, and cannot be sent while one is still uploading.
 */
@Component({
  selector: 'hd-reply-box',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AttachmentPickerComponent,
    CannedResponsePickerComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
  ],
  templateUrl: './reply-box.component.html',
  styleUrl: './reply-box.component.scss',
})
export class ReplyBoxComponent {
  private readonly fb = inject(FormBuilder).nonNullable;
  private readonly changeDetector = inject(ChangeDetectorRef);
  private readonly injector = inject(Injector);

  /** True for agents and admins: offers the internal-note toggle and canned responses. */
  public readonly staff = input(false);
  /** True while a change is on its way: the send button is disabled. */
  public readonly busy = input(false);
  /** The values of the canned responses' placeholders (the ticket's customer and number, the agent). */
  public readonly placeholders = input<PlaceholderValues>({});
  /** The ticket files are attached to as they are chosen. */
  public readonly ticketId = input.required<number>();
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** The reply to post (`internal` only for staff, `attachmentIds` only with files). */
  @Output() public readonly send = new EventEmitter<CreateReplyRequest>();

  private readonly formDirective = viewChild(FormGroupDirective);
  private readonly textarea = viewChild.required<ElementRef<HTMLTextAreaElement>>('content');
  private readonly picker = viewChild(CannedResponsePickerComponent);
  private readonly attachments = viewChild(AttachmentPickerComponent);

  protected readonly bodyMax = BODY_MAX_LENGTH;
  protected readonly form = this.fb.group({
    content: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(BODY_MAX_LENGTH)]],
    internal: [false],
  });
  /** Where the picker's choice will go while it is open; null while it is closed. */
  protected readonly insertion = signal<Insertion | null>(null);
  /** True while an attached file is still uploading: the reply waits for it. */
  protected readonly uploading = computed(() => this.attachments()?.uploading() ?? false);

  /** Empties the box after a successful send, keeping the toggle, without flagging the empty box as an error. */
  public clear(): void {
    this.insertion.set(null);
    this.attachments()?.clear();
    // Resetting the directive too clears its "submitted" state.
    this.formDirective()?.resetForm({ content: '', internal: this.form.controls.internal.value });
  }

  /** Emits the reply when the box is valid. */
  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy() || this.uploading()) return;
    const { content, internal } = this.form.getRawValue();
    const attachmentIds = this.attachments()?.attachmentIds() ?? [];
    this.send.emit({
      content: content.trim(),
      ...(this.staff() ? { internal } : {}),
      ...(attachmentIds.length ? { attachmentIds } : {}),
    });
  }

  /** Opens the picker at the caret or selection of the reply (the picker's button). */
  protected openPicker(): void {
    const { selectionStart, selectionEnd } = this.textarea().nativeElement;
    this.open({ start: selectionStart, end: selectionEnd, bySlash: false });
  }

  /**
   * Opens the picker when the character just typed is a `/` at the start of the reply or of a line
   * (staff only); the `/` is taken out of the reply while the picker is open.
   */
  protected openPickerOnSlash(event: Event): void {
    const { inputType, data } = event as Partial<InputEvent>;
    if (!this.staff() || this.insertion()) return;
    if ((inputType !== undefined && inputType !== 'insertText') || (data != null && data !== '/')) return;
    const element = this.textarea().nativeElement;
    const slash = element.selectionStart - 1;
    const text = element.value;
    if (element.selectionStart !== element.selectionEnd || text[slash] !== '/') return;
    if (slash > 0 && text[slash - 1] !== '\n') return;
    this.form.controls.content.setValue(text.slice(0, slash) + text.slice(slash + 1));
    this.open({ start: slash, end: slash, bySlash: true });
  }

  /** Puts the chosen canned response, its placeholders filled, where the picker was opened. */
  protected insertCannedResponse(response: CannedResponseResponse): void {
    const at = this.insertion();
    if (!at) return;
    const filled = fillPlaceholders(response.body, this.placeholders());
    const { text, caret } = insertText(this.form.controls.content.value, at.start, at.end, filled);
    this.form.controls.content.setValue(text);
    this.form.controls.content.markAsDirty();
    this.closePicker(caret, caret);
  }

  /** Closes the picker without a choice; a `/` that opened it comes back, with what was typed after it. */
  protected dismissPicker(typed: string): void {
    const at = this.insertion();
    if (!at) return;
    if (!at.bySlash) {
      this.closePicker(at.start, at.end);
      return;
    }
    const { text, caret } = insertText(this.form.controls.content.value, at.start, at.end, `/${typed}`);
    this.form.controls.content.setValue(text);
    this.closePicker(caret, caret);
  }

  /** Shows the picker and moves the focus into it at once, so the next keys typed search. */
  private open(insertion: Insertion): void {
    this.insertion.set(insertion);
    this.changeDetector.detectChanges();
    this.picker()?.focus();
    // Leaving an empty reply for the picker is not a mistake to flag.
    this.form.controls.content.markAsUntouched();
  }

  /** Hides the picker and gives the focus back to the reply, with the caret or selection at `start`-`end`. */
  private closePicker(start: number, end: number): void {
    this.insertion.set(null);
    // After the picker is gone: the autocomplete focuses its own field once it has emitted the choice.
    afterNextRender(
      () => {
        const element = this.textarea().nativeElement;
        element.focus();
        element.setSelectionRange(start, end);
      },
      { injector: this.injector },
    );
  }
}
