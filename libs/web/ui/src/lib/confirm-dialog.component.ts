import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

/** What {@link ConfirmDialogComponent} asks. */
export interface ConfirmDialogData {
  title: string;
  message: string;
  /** Label of the confirming button, e.g. "Delete". */
  confirmLabel: string;
  /** Colours the confirming button as destructive. */
  destructive?: boolean;
}

/** A yes/no question in a dialog; closes with `true` when confirmed, `false` or undefined otherwise. */
@Component({
  selector: 'hd-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>{{ data.message }}</mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="false">Cancel</button>
      <button mat-flat-button [class.destructive]="data.destructive" [mat-dialog-close]="true">
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ConfirmDialogComponent {
  /** The question, from `MatDialog.open(…, {data})`. */
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
}
