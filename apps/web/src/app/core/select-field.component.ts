import { ChangeDetectionStrategy, Component, EventEmitter, input, Output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';

/** One choice of a {@link SelectFieldComponent}. */
export interface SelectOption {
  value: string | number;
  label: string;
}

/** What a {@link SelectFieldComponent} shows: its label, choices and current value (an array when `multiple`). */
export interface SelectField {
  label: string;
  value: unknown;
  options: readonly SelectOption[];
  /** Several values may be picked (set once; Material cannot switch it later). */
  multiple?: boolean;
  /** The select's `data-testid`. */
  testId?: string;
}

/** A labelled Material select (outline, no reserved hint space) that emits the value picked. */
@Component({
  selector: 'hd-select-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>{{ field().label }}</mat-label>
      <mat-select
        [multiple]="field().multiple ?? false"
        [value]="field().value"
        [disabled]="disabled()"
        (selectionChange)="valueChange.emit($event.value)"
        [attr.data-testid]="field().testId ?? null"
      >
        @for (option of field().options; track option.value) {
          <mat-option [value]="option.value">{{ option.label }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
  `,
})
export class SelectFieldComponent {
  /** Label, choices and value. */
  public readonly field = input.required<SelectField>();
  /** Disables the select. */
  public readonly disabled = input(false);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** The value picked (an array when `multiple`). */
  @Output() public readonly valueChange = new EventEmitter<unknown>();
}
