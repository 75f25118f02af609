import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import {
  AbstractControl,
  FormBuilder,
  FormControl,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { finalize, forkJoin } from 'rxjs';

import {
  type BusinessHours,
  type HelpdeskSettings,
  isTimeZone,
  LOCAL_DATE_PATTERN,
  type OpeningHours,
  PRIORITY_LABELS,
  SETTINGS_LIMITS,
  SLA_TARGET_LIMITS,
  type SlaPolicyResponse,
  type TicketPriority,
  type Weekday,
  WEEKDAYS,
} from '@hd/shared/domain';
import { SettingsApiService, SlaPoliciesApiService } from '@hd/web/data-access';
import { formatSlaDuration } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';
import { applyServerErrors } from '../../core/server-errors';
import { formatOpeningHours, parseOpeningHours } from './opening-hours-text';

/** What people read for each weekday. */
const DAY_LABELS: Readonly<Record<Weekday, string>> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

const THRESHOLD = SETTINGS_LIMITS.atRiskThreshold;

/** A whole number of minutes within the SLA target limits. */
const MINUTES_VALIDATORS = [
  Validators.required,
  Validators.min(SLA_TARGET_LIMITS.min),
  Validators.max(SLA_TARGET_LIMITS.max),
  Validators.pattern(/^\d+$/),
];

/** A day's opening hours as typed (see `parseOpeningHours`). */
function openingHoursValidator(control: AbstractControl<string>): ValidationErrors | null {
  const parsed = parseOpeningHours(control.value ?? '');
  return typeof parsed === 'string' ? { hours: parsed } : null;
}

/** An IANA time zone this browser knows. */
function timeZoneValidator(control: AbstractControl<string>): ValidationErrors | null {
  return control.value && !isTimeZone(control.value.trim()) ? { timeZone: true } : null;
}

/** One priority's row of the targets table. */
interface PolicyRow {
  priority: TicketPriority;
  label: string;
  form: ReturnType<AdminSlaComponent['policyForm']>;
}

/**
 * Service levels, for admins: the SLA targets per priority (minutes to the first response and to
 * resolution, one `PUT /api/sla-policies/:priority` per row), and when the clocks run: business hours
 * (on or off, the IANA time zone, opening hours per weekday, holidays) and the share of a target
 * after which a ticket is at risk, saved together with one `PATCH /api/settings`. The server's
 * objections show next to their fields.
 */
@Component({
  selector: 'hd-admin-sla',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
  ],
  templateUrl: './admin-sla.component.html',
  styleUrl: './admin-sla.component.scss',
})
export class AdminSlaComponent implements OnInit {
  private readonly policiesApi = inject(SlaPoliciesApiService);
  private readonly settingsApi = inject(SettingsApiService);
  private readonly feedback = inject(FeedbackService);
  private readonly fb = inject(FormBuilder).nonNullable;

  protected readonly limits = SLA_TARGET_LIMITS;
  protected readonly threshold = {
    min: Math.round(THRESHOLD.min * 100),
    max: Math.round(THRESHOLD.max * 100),
  };
  protected readonly days = WEEKDAYS.map((day) => ({ day, label: DAY_LABELS[day] }));
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  /** The priority whose targets are being saved, or null. */
  protected readonly savingPolicy = signal<TicketPriority | null>(null);
  protected readonly savingHours = signal(false);
  protected readonly policies = signal<PolicyRow[]>([]);
  protected readonly holidays = signal<string[]>([]);
  protected readonly hoursForm = this.fb.group({
    enabled: this.fb.control(false),
    timeZone: this.fb.control('UTC', [Validators.required, timeZoneValidator]),
    week: this.fb.group(
      Object.fromEntries(WEEKDAYS.map((day) => [day, this.fb.control('', openingHoursValidator)])) as Record<
        Weekday,
        FormControl<string>
      >,
    ),
    atRiskThreshold: this.fb.control(80, [
      Validators.required,
      Validators.min(Math.round(THRESHOLD.min * 100)),
      Validators.max(Math.round(THRESHOLD.max * 100)),
      Validators.pattern(/^\d+$/),
    ]),
  });
  protected readonly newHoliday = this.fb.control('', Validators.pattern(LOCAL_DATE_PATTERN));

  /** Loads the policies and the settings. */
  public ngOnInit(): void {
    this.load();
  }

  /** Fetches the policies and the settings (again, after a failure) and fills in the forms. */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.hoursForm.disable();
    forkJoin([this.policiesApi.list(), this.settingsApi.get()]).subscribe({
      next: ([{ items }, settings]) => {
        this.loading.set(false);
        this.policies.set(items.map((policy) => this.rowOf(policy)));
        this.showSettings(settings);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load the service levels.');
      },
    });
  }

  /** How long `minutes` is, for the hint under a target (`2 h`, `5 d`). */
  protected span(minutes: unknown): string {
    const value = Number(minutes);
    return Number.isFinite(value) && value > 0 ? formatSlaDuration(value * 60_000) : '';
  }

  /** Saves the targets of one priority. */
  protected savePolicy(row: PolicyRow): void {
    row.form.markAllAsTouched();
    if (row.form.invalid || this.savingPolicy()) return;
    const { firstResponseMinutes, resolutionMinutes } = row.form.getRawValue();
    this.savingPolicy.set(row.priority);
    this.policiesApi
      .update(row.priority, {
        firstResponseMinutes: Number(firstResponseMinutes),
        resolutionMinutes: Number(resolutionMinutes),
      })
      .pipe(finalize(() => this.savingPolicy.set(null)))
      .subscribe({
        next: (policy) => {
          row.form.reset({
            firstResponseMinutes: policy.firstResponseMinutes,
            resolutionMinutes: policy.resolutionMinutes,
          });
          this.feedback.success(`${row.label} targets saved.`);
        },
        error: (error: unknown) => {
          applyServerErrors(row.form, error);
          this.feedback.error(error, `Could not save the ${row.label.toLowerCase()} targets.`);
        },
      });
  }

  /** Adds the date picked to the holidays (sorted, once). */
  protected addHoliday(): void {
    const date = this.newHoliday.value;
    if (!date || this.newHoliday.invalid) return;
    if (this.holidays().length >= SETTINGS_LIMITS.holidays) {
      this.feedback.error(null, `At most ${SETTINGS_LIMITS.holidays} holidays.`);
      return;
    }
    this.holidays.set([...new Set([...this.holidays(), date])].sort());
    this.newHoliday.reset('');
    this.hoursForm.markAsDirty();
  }

  /** Removes a holiday. */
  protected removeHoliday(date: string): void {
    this.holidays.set(this.holidays().filter((holiday) => holiday !== date));
    this.hoursForm.markAsDirty();
  }

  /** Saves business hours, holidays and the at-risk threshold together. */
  protected saveHours(): void {
    this.hoursForm.markAllAsTouched();
    if (this.hoursForm.invalid || this.savingHours() || this.loading()) return;
    const value = this.hoursForm.getRawValue();
    const week = Object.fromEntries(
      WEEKDAYS.map((day) => [day, parseOpeningHours(value.week[day]) as OpeningHours[]]),
    ) as BusinessHours['week'];
    this.savingHours.set(true);
    this.settingsApi
      .update({
        businessHours: {
          enabled: value.enabled,
          timeZone: value.timeZone.trim(),
          week,
          holidays: this.holidays(),
        },
        sla: { atRiskThreshold: Number(value.atRiskThreshold) / 100 },
      })
      .pipe(finalize(() => this.savingHours.set(false)))
      .subscribe({
        next: (settings) => {
          this.showSettings(settings);
          this.feedback.success('Business hours saved.');
        },
        error: (error: unknown) => {
          applyServerErrors(this.hoursForm, error);
          this.feedback.error(error, 'Could not save the business hours.');
        },
      });
  }

  /** A form for one priority's targets. */
  protected policyForm(policy: Pick<SlaPolicyResponse, 'firstResponseMinutes' | 'resolutionMinutes'>) {
    return this.fb.group({
      firstResponseMinutes: this.fb.control<number>(policy.firstResponseMinutes, MINUTES_VALIDATORS),
      resolutionMinutes: this.fb.control<number>(policy.resolutionMinutes, MINUTES_VALIDATORS),
    });
  }

  private rowOf(policy: SlaPolicyResponse): PolicyRow {
    return {
      priority: policy.priority,
      label: PRIORITY_LABELS[policy.priority],
      form: this.policyForm(policy),
    };
  }

  private showSettings(settings: HelpdeskSettings): void {
    const { businessHours, sla } = settings;
    this.hoursForm.enable();
    this.hoursForm.reset({
      enabled: businessHours.enabled,
      timeZone: businessHours.timeZone,
      week: Object.fromEntries(
        WEEKDAYS.map((day) => [day, formatOpeningHours(businessHours.week[day] ?? [])]),
      ),
      atRiskThreshold: Math.round(sla.atRiskThreshold * 100),
    });
    this.holidays.set([...businessHours.holidays]);
  }
}
