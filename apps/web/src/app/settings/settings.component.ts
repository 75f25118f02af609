import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatButtonModule } from '@angular/material/button';

import { PreferencesApiService } from '@hd/web/data-access';

import { FeedbackService } from '../core/feedback.service';
import { ApiTokensComponent } from './api-tokens/api-tokens.component';
import { ChangePasswordComponent } from './change-password.component';
import { ProfileFormComponent } from './profile-form.component';

/**
 * The user's settings: their profile (names), their password, whether notifications also come
 * by e-mail (in-app ones are always on), and their API tokens. The e-mail switch is saved at once, with a snackbar for
 * the outcome; a failed save puts the switch back.
 */
@Component({
  selector: 'hd-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ApiTokensComponent,
    ChangePasswordComponent,
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    ProfileFormComponent,
  ],
  templateUrl: './settings.component.html',
  styleUrls: ['./settings.component.scss', './settings-card.scss'],
})
export class SettingsComponent {
  private readonly preferences = inject(PreferencesApiService);
  private readonly feedback = inject(FeedbackService);

  protected readonly emailNotifications = signal<boolean | null>(null);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly loadFailed = signal(false);

  /** Loads the current preferences. */
  public constructor() {
    this.load();
  }

  /** Fetches the preferences (again, after a failure). */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.preferences.get().subscribe({
      next: (preferences) => {
        this.emailNotifications.set(preferences.emailNotifications);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load your settings.');
      },
    });
  }

  /** Saves the e-mail switch; on failure the switch goes back to the saved value. */
  protected setEmailNotifications(change: MatSlideToggleChange): void {
    const wanted = change.checked;
    const previous = this.emailNotifications();
    this.emailNotifications.set(wanted);
    this.saving.set(true);
    this.preferences.update({ emailNotifications: wanted }).subscribe({
      next: (preferences) => {
        this.saving.set(false);
        this.emailNotifications.set(preferences.emailNotifications);
        this.feedback.success(
          preferences.emailNotifications
            ? 'E-mail notifications turned on.'
            : 'E-mail notifications turned off.',
        );
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.emailNotifications.set(previous);
        change.source.checked = previous ?? !wanted;
        this.feedback.error(error, 'Could not save your settings.');
      },
    });
  }
}
