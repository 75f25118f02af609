import { Clipboard } from '@angular/cdk/clipboard';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

let nextId = 0;

/**
 * A secret shown once (an API token, a webhook's signing secret): a warning that it will not be
 * shown again, the value in a read-only field (selected when focused, to copy by hand), and a
 * "Copy" button (CDK clipboard) whose outcome is announced beside it and emitted as `copied`.
 * With `autoFocus`, the field takes the focus once rendered, so screen readers read the value and
 * the warning as soon as the secret appears.
 */
@Component({
  selector: 'hd-one-time-secret',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <p class="warning" [id]="warningId">
      <strong>Copy it now: it will not be shown again.</strong> {{ hint() }}
    </p>
    <div class="value-row">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ label() }}</mat-label>
        <input
          #field
          matInput
          readonly
          [value]="value()"
          [attr.aria-describedby]="warningId"
          (focus)="field.select()"
          autocomplete="off"
          spellcheck="false"
          data-testid="one-time-secret"
        />
      </mat-form-field>
      <button mat-flat-button type="button" (click)="copyValue()">Copy</button>
    </div>
    <p class="copy-status" role="status">{{ status() }}</p>
  `,
  styles: `
    :host {
      display: block;
    }
    .warning {
      margin: 0 0 12px;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .value-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    mat-form-field {
      flex: 1 1 14rem;
      min-width: 0;
    }
    input {
      font-family: ui-monospace, monospace;
    }
    .copy-status {
      min-height: 1.5em;
      margin: 4px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class OneTimeSecretComponent {
  private readonly clipboard = inject(Clipboard);

  /** The secret. */
  public readonly value = input.required<string>();
  /** The field's label, e.g. "Your new token". */
  public readonly label = input.required<string>();
  /** A sentence after the warning, e.g. how to use the secret. */
  public readonly hint = input('');
  /** Focus the field once rendered. */
  public readonly autoFocus = input(false);
  /** Whether a click on "Copy" put the value on the clipboard. */
  public readonly copied = output<boolean>();

  protected readonly warningId = `hd-one-time-secret-warning-${nextId++}`;
  protected readonly status = signal('');
  private readonly field = viewChild.required<ElementRef<HTMLInputElement>>('field');

  /** Focuses the field when asked to. */
  public constructor() {
    afterNextRender(() => this.focusIfAsked());
  }

  /** Copies the value to the clipboard and says whether it worked. */
  protected copyValue(): void {
    const done = this.clipboard.copy(this.value());
    this.status.set(done ? 'Copied to the clipboard.' : 'Could not copy: select the text and copy it.');
    this.copied.emit(done);
  }

  private focusIfAsked(): void {
    if (this.autoFocus()) this.field().nativeElement.focus();
  }
}
