import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** A friendly "nothing here" block: an icon, a title, a line of help and projected actions. */
@Component({
  selector: 'hd-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule],
  template: `
    <div class="empty" role="status">
      <mat-icon class="icon" [svgIcon]="icon()" aria-hidden="true" />
      <h2>{{ title() }}</h2>
      @if (message()) {
        <p>{{ message() }}</p>
      }
      <ng-content />
    </div>
  `,
  styles: `
    .empty {
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      padding: 32px 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .icon {
      width: 48px;
      height: 48px;
      margin-bottom: 8px;
    }
    h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface);
    }
    p {
      margin: 0 0 16px;
      max-width: 40ch;
    }
  `,
})
export class EmptyStateComponent {
  /** Material icon name. */
  public readonly icon = input('inbox');
  /** Headline, e.g. "No tickets yet". */
  public readonly title = input.required<string>();
  /** One line of help. */
  public readonly message = input('');
}
