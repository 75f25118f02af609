import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { finalize } from 'rxjs';

import {
  ASSIGNMENT_MODE_LABELS,
  ASSIGNMENT_MODES,
  AssignmentMode,
  type HelpdeskSettings,
  REOPEN_WINDOW_DAYS,
  SETTINGS_LIMITS,
} from '@hd/shared/domain';
import { SettingsApiService } from '@hd/web/data-access';

import { FeedbackService } from '../../core/feedback.service';
import { applyServerErrors } from '../../core/server-errors';

/** What each assignment mode does, under its label. */
const MODE_DESCRIPTIONS: Readonly<Record<AssignmentMode, string>> = {
  [AssignmentMode.Manual]: 'New tickets wait in the queue until someone takes or assigns them.',
  [AssignmentMode.RoundRobin]: 'New tickets go to the available agents in turn.',
  [AssignmentMode.LeastLoaded]:
    'New tickets go to the available agent with the fewest open, in-progress and reopened tickets.',
};

const DAYS = SETTINGS_LIMITS.resolvedAfterDays;

/**
 * The helpdesk's automation, for admins: how new tickets find an assignee (`assignment.mode`:
 * manual, round robin, least loaded) and after how many days a resolved ticket closes by itself
 * (`autoClose.resolvedAfterDays`, 0 for never), read with `GET /api/settings` and saved with one
 * `PATCH /api/settings`. The server's objections show next to their fields.
 */
@Component({
  selector: 'hd-admin-automation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    ReactiveFormsModule,
  ],
  templateUrl: './admin-automation.component.html',
  styleUrl: './admin-automation.component.scss',
})
export class AdminAutomationComponent implements OnInit {
  private readonly api = inject(SettingsApiService);
  private readonly feedback = inject(FeedbackService);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly modes = ASSIGNMENT_MODES.map((mode) => ({
    mode,
    label: ASSIGNMENT_MODE_LABELS[mode],
    description: MODE_DESCRIPTIONS[mode],
  }));
  protected readonly days = DAYS;
  protected readonly reopenWindowDays = REOPEN_WINDOW_DAYS;
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  protected readonly saving = signal(false);
  protected readonly form = this.fb.group({
    assignment: this.fb.group({ mode: this.fb.control<AssignmentMode>(AssignmentMode.Manual) }),
    autoClose: this.fb.group({
      resolvedAfterDays: this.fb.control<number>(7, [
        Validators.required,
        Validators.min(DAYS.min),
        Validators.max(DAYS.max),
        Validators.pattern(/^\d+$/),
      ]),
    }),
  });

  /** Loads the settings. */
  public ngOnInit(): void {
    this.load();
  }

  /** Fetches the settings (again, after a failure) and fills in the form. */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.form.disable();
    this.api.get().subscribe({
      next: (settings) => {
        this.loading.set(false);
        this.show(settings);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load the automation settings.');
      },
    });
  }

  /** Saves the assignment mode and the auto-close days. */
  protected save(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving() || this.loading()) return;
    const { assignment, autoClose } = this.form.getRawValue();
    this.saving.set(true);
    this.api
      .update({
        assignment: { mode: assignment.mode },
        autoClose: { resolvedAfterDays: Number(autoClose.resolvedAfterDays) },
      })
      .pipe(finalize(() => this.saving.set(false)))
      .subscribe({
        next: (settings) => {
          this.show(settings);
          this.feedback.success('Automation settings saved.');
        },
        error: (error: unknown) => {
          applyServerErrors(this.form, error);
          this.feedback.error(error, 'Could not save the automation settings.');
        },
      });
  }

  private show(settings: HelpdeskSettings): void {
    this.form.enable();
    this.form.reset({
      assignment: { mode: settings.assignment.mode },
      autoClose: { resolvedAfterDays: settings.autoClose.resolvedAfterDays },
    });
  }
}
