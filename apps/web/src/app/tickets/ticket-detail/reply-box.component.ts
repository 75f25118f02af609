import {
  ChangeDetectionStrategy,
  Component,
  EventEmitter,
  inject,
  input,
  Output,
  viewChild,
} from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';

import { BODY_MAX_LENGTH, type CreateReplyRequest } from '@hd/shared/domain';

/**
 * The box under the thread: a reply, or for staff (who get the toggle) an internal note. Emits the
 * trimmed body when valid and not `busy`; the page calls {@link ReplyBoxComponent.clear} once it is sent.
 */
@Component({
  selector: 'hd-reply-box',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
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

  /** True for agents and admins: offers the internal-note toggle. */
  public readonly staff = input(false);
  /** True while a change is on its way: the send button is disabled. */
  public readonly busy = input(false);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** The reply to post (`internal` only for staff). */
  @Output() public readonly send = new EventEmitter<CreateReplyRequest>();

  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly bodyMax = BODY_MAX_LENGTH;
  protected readonly form = this.fb.group({
    content: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(BODY_MAX_LENGTH)]],
    internal: [false],
  });

  /** Empties the box after a successful send, keeping the toggle, without flagging the empty box as an error. */
  public clear(): void {
    // Resetting the directive too clears its "submitted" state.
    this.formDirective()?.resetForm({ content: '', internal: this.form.controls.internal.value });
  }

  /** Emits the reply when the box is valid. */
  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const { content, internal } = this.form.getRawValue();
    this.send.emit(this.staff() ? { content: content.trim(), internal } : { content: content.trim() });
  }
}
