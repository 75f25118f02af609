import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import type { PasswordVerdict } from '@hd/shared/domain';

/** Words for zxcvbn's score 0 to 4. */
const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

/**
 * The strength meter under a new-password field: a bar, the strength in words, whether the password
 * is accepted, and the policy's hints while it is not. Announced politely as it changes; point the
 * field's `aria-describedby` at `elementId`.
 */
@Component({
  selector: 'hd-password-strength',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatProgressBarModule],
  template: `
    <div class="strength" [id]="elementId()" aria-live="polite">
      @if (verdict(); as verdict) {
        <mat-progress-bar
          mode="determinate"
          [value]="(verdict.score + 1) * 20"
          [attr.aria-label]="'Password strength: ' + label()"
          [class.weak]="!verdict.acceptable"
        />
        <div class="label">
          <span data-testid="strength-label">Strength: {{ label() }}</span>
          <span>{{ verdict.acceptable ? 'Good to go' : 'Not accepted yet' }}</span>
        </div>
        @if (!verdict.acceptable && verdict.suggestions.length) {
          <ul>
            @for (suggestion of verdict.suggestions; track suggestion) {
              <li>{{ suggestion }}</li>
            }
          </ul>
        }
      }
    </div>
  `,
  styles: `
    .strength {
      margin: 8px 0 12px;
      font: var(--mat-sys-body-small);
    }
    .label {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0 8px;
      margin-top: 4px;
    }
    ul {
      margin: 4px 0 0;
      padding-left: 20px;
    }
    mat-progress-bar.weak {
      --mat-progress-bar-active-indicator-color: var(--mat-sys-error);
    }
  `,
})
export class PasswordStrengthComponent {
  /** The policy's verdict; null shows nothing (empty password, or the policy is still loading). */
  public readonly verdict = input<PasswordVerdict | null>(null);
  /** The id of the meter, for the password field's `aria-describedby`. */
  public readonly elementId = input('password-strength');

  protected readonly label = computed(() => {
    const verdict = this.verdict();
    return verdict ? STRENGTH_LABELS[verdict.score] : '';
  });
}
