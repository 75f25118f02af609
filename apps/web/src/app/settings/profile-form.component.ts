import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import type { UserResponse } from '@hd/shared/domain';
import { AuthStateService, ProfileApiService } from '@hd/web/data-access';

import { FeedbackService } from '../core/feedback.service';
import { personNameGroup, trimmedNames } from '../core/person-name';
import { PersonNameFieldsComponent } from '../core/person-name-fields.component';
import { applyServerErrors } from '../core/server-errors';

/**
 * The user's own first and last name (`GET`/`PATCH /api/users/me`), with the e-mail shown read-only
 * (only an admin can change it). A saved name shows in the toolbar once the session has refreshed.
 */
@Component({
  selector: 'hd-profile-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    PersonNameFieldsComponent,
    ReactiveFormsModule,
  ],
  template: `
    <mat-card appearance="outlined" [attr.aria-busy]="loading() || saving()">
      @if (loading() || saving()) {
        <mat-progress-bar
          mode="indeterminate"
          [attr.aria-label]="loading() ? 'Loading your profile' : 'Saving'"
        />
      }
      <mat-card-header>
        <mat-card-title><h2>Profile</h2></mat-card-title>
      </mat-card-header>
      <mat-card-content>
        @if (loadFailed()) {
          <p class="error" role="alert">Your profile could not be loaded.</p>
          <button mat-stroked-button (click)="load()">Try again</button>
        } @else if (account(); as account) {
          <p class="help">
            You log in as <strong data-testid="profile-email">{{ account.email }}</strong>. To change your
            e-mail address, ask an admin.
          </p>
          <form [formGroup]="form" (ngSubmit)="saveNames()" novalidate>
            <hd-person-name-fields [group]="form" />
            <div class="actions">
              <button mat-flat-button type="submit" [disabled]="saving() || form.pristine">Save name</button>
            </div>
          </form>
        }
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './settings-card.scss',
})
export class ProfileFormComponent implements OnInit {
  private readonly profile = inject(ProfileApiService);
  private readonly auth = inject(AuthStateService);
  private readonly feedback = inject(FeedbackService);

  protected readonly form = personNameGroup();
  protected readonly account = signal<UserResponse | null>(null);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly loadFailed = signal(false);

  /** Loads the account. */
  public ngOnInit(): void {
    this.load();
  }

  /** Fetches the account (again, after a failure) and fills in the names. */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.profile.get().subscribe({
      next: (account) => {
        this.loading.set(false);
        this.show(account);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load your profile.');
      },
    });
  }

  /** Saves the names; the server's objections show next to their fields. */
  protected saveNames(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    this.saving.set(true);
    this.profile.update(trimmedNames(this.form)).subscribe({
      next: (account) => {
        this.saving.set(false);
        this.show(account);
        this.refreshSessionUser();
        this.feedback.success('Your name is saved.');
      },
      error: (error: unknown) => {
        this.saving.set(false);
        applyServerErrors(this.form, error);
        this.feedback.error(error, 'Could not save your name.');
      },
    });
  }

  /**
   * Puts the new name in the session (the toolbar): a token refresh answers with the account as it
   * is now. (A method on AuthStateService would do it too, but would grow the initial bundle.)
   * Should the refresh fail, the session ends as with any refused refresh.
   */
  private refreshSessionUser(): void {
    this.auth.refresh().subscribe({ error: () => undefined });
  }

  private show(account: UserResponse): void {
    this.account.set(account);
    this.form.reset({ firstName: account.firstName, lastName: account.lastName });
  }
}
