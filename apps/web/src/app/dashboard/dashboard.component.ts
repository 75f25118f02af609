import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  inject,
  LOCALE_ID,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { provideNativeDateAdapter } from '@angular/material/core';
import {
  MatDatepickerToggle,
  MatDateRangeInput,
  MatDateRangePicker,
  MatEndDate,
  MatStartDate,
} from '@angular/material/datepicker';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { catchError, forkJoin, of, Subject, switchMap, tap } from 'rxjs';

import {
  Action,
  type AgentReportRowResponse,
  can,
  MAX_REPORT_BUCKETS,
  ReportInterval,
  reportDays,
  type ReportSummaryQuery,
  type ReportSummaryResponse,
} from '@hd/shared/domain';
import { AuthStateService, ReportsApiService } from '@hd/web/data-access';
import { EmptyStateComponent } from '@hd/web/ui';

import { FeedbackService } from '../core/feedback.service';
import { bucketLabel, daysBefore, formatMinutes, formatShare, isoDate } from './dashboard-format';
import { type ChartSeries, ReportChartComponent } from './report-chart.component';

/** One KPI card: a figure and what it means. */
interface Kpi {
  id: string;
  label: string;
  value: string;
  hint: string;
}

/** How many days the dashboard shows first: the last 30, today included. */
const DEFAULT_DAYS = 30;

/** The interval options, with their names for people. */
const INTERVALS: ReadonlyArray<{ value: ReportInterval; label: string }> = [
  { value: ReportInterval.Day, label: 'Day' },
  { value: ReportInterval.Week, label: 'Week' },
  { value: ReportInterval.Month, label: 'Month' },
];

/**
 * The dashboard (staff): over a period picked with a date-range picker, KPI cards, tickets created
 * and resolved per day, week or month, the backlog, SLA compliance and the agents' table, each chart
 * with its data table; both reports download as CSV. Admins see the team, agents their own tickets
 * (`ViewTeamReports` in the permission table; the API applies the same rule).
 */
@Component({
  selector: 'hd-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [provideNativeDateAdapter()],
  imports: [
    EmptyStateComponent,
    MatButton,
    MatButtonToggle,
    MatButtonToggleGroup,
    MatCard,
    MatCardContent,
    MatCardHeader,
    MatCardTitle,
    MatDateRangeInput,
    MatDateRangePicker,
    MatDatepickerToggle,
    MatEndDate,
    MatError,
    MatFormField,
    MatHint,
    MatLabel,
    MatProgressBar,
    MatStartDate,
    MatSuffix,
    MatTableModule,
    ReactiveFormsModule,
    ReportChartComponent,
  ],
  templateUrl: './dashboard.component.html',
  styleUrl: './dashboard.component.scss',
})
export class DashboardComponent implements OnInit {
  private readonly reports = inject(ReportsApiService);
  private readonly auth = inject(AuthStateService);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly document = inject(DOCUMENT);
  private readonly locale = inject(LOCALE_ID);
  private readonly loads = new Subject<ReportSummaryQuery>();

  protected readonly intervals = INTERVALS;
  protected readonly range = new FormGroup({
    start: new FormControl<Date | null>(daysBefore(new Date(), DEFAULT_DAYS - 1)),
    end: new FormControl<Date | null>(new Date()),
  });
  protected readonly interval = signal(ReportInterval.Day);
  /** Whether the figures are the whole team's (admins) or the user's own tickets (agents). */
  protected readonly team = computed(() => {
    const user = this.auth.user();
    return user ? can(user.role, Action.ViewTeamReports) : false;
  });
  protected readonly loading = signal(false);
  protected readonly downloading = signal(false);
  protected readonly summary = signal<ReportSummaryResponse | null>(null);
  protected readonly agents = signal<AgentReportRowResponse[]>([]);
  /** Why the period cannot be shown (too many buckets), or null. */
  protected readonly rangeProblem = signal<string | null>(null);
  protected readonly agentColumns = [
    'agent',
    'assigned',
    'resolved',
    'reopened',
    'firstResponse',
    'resolution',
    'slaMet',
  ];
  protected readonly formatMinutes = formatMinutes;
  protected readonly formatShare = formatShare;

  protected readonly labels = computed(() => {
    const summary = this.summary();
    if (!summary) return [];
    return summary.buckets.map((b) => bucketLabel(b.start, summary.interval, summary.timeZone, this.locale));
  });
  /** The charts: created and resolved tickets per bucket, and the backlog at each bucket's end. */
  protected readonly charts = computed<Array<{ id: string; caption: string; series: ChartSeries[] }>>(() => {
    const buckets = this.summary()?.buckets ?? [];
    return [
      {
        id: 'volume',
        caption: 'Created and resolved tickets',
        series: [
          { label: 'Created', data: buckets.map((b) => b.created), colorToken: '--mat-sys-primary' },
          {
            label: 'Resolved',
            data: buckets.map((b) => b.resolved),
            colorToken: '--mat-sys-tertiary',
            dashed: true,
          },
        ],
      },
      {
        id: 'backlog',
        caption: 'Backlog',
        series: [
          {
            label: 'Open at the end',
            data: buckets.map((b) => b.backlog),
            colorToken: '--mat-sys-secondary',
            fill: true,
          },
        ],
      },
    ];
  });
  protected readonly intervalLabel = computed(
    () => INTERVALS.find((option) => option.value === this.interval())?.label ?? 'Period',
  );
  protected readonly kpis = computed<Kpi[]>(() => {
    const summary = this.summary();
    if (!summary) return [];
    const { totals, firstResponse, resolution } = summary;
    return [
      { id: 'created', label: 'Created', value: String(totals.created), hint: 'New tickets in the period' },
      {
        id: 'resolved',
        label: 'Resolved',
        value: String(totals.resolved),
        hint: 'Resolutions in the period',
      },
      { id: 'backlog', label: 'Backlog', value: String(totals.backlog), hint: 'Not resolved at the end' },
      { id: 'reopened', label: 'Reopened', value: String(totals.reopened), hint: 'Reopenings in the period' },
      {
        id: 'first-response',
        label: 'First response',
        value: formatMinutes(firstResponse.median),
        hint: `Median; 90 % within ${formatMinutes(firstResponse.p90)}`,
      },
      {
        id: 'resolution',
        label: 'Resolution',
        value: formatMinutes(resolution.median),
        hint: `Median; 90 % within ${formatMinutes(resolution.p90)}`,
      },
    ];
  });
  protected readonly sla = computed(() => {
    const sla = this.summary()?.sla;
    if (!sla) return [];
    return [
      { id: 'sla-first-response', label: 'First responses in time', share: sla.firstResponseMet },
      { id: 'sla-resolution', label: 'Resolutions in time', share: sla.resolutionMet },
    ];
  });
  protected readonly empty = computed(() => {
    const summary = this.summary();
    return (
      !!summary &&
      summary.totals.created === 0 &&
      summary.totals.resolved === 0 &&
      summary.totals.backlog === 0
    );
  });

  /** Loads the last 30 days, and each period asked for after. */
  public ngOnInit(): void {
    this.loadOnRequest();
    this.reload();
  }

  /** Shows another bucket width. */
  protected changeInterval(interval: ReportInterval): void {
    this.interval.set(interval);
    this.reload();
  }

  /** Loads the figures of the picked period, once both ends are picked and it is not too long. */
  protected reload(): void {
    const query = this.query();
    if (!query) return;
    const days = reportDays(query.from, query.to);
    const buckets = { day: days, week: Math.ceil(days / 7) + 1, month: Math.ceil(days / 28) + 1 }[
      this.interval()
    ];
    if (buckets > MAX_REPORT_BUCKETS) {
      this.rangeProblem.set(
        `Too many ${this.intervalLabel().toLowerCase()}s: pick a shorter period or a wider interval.`,
      );
      return;
    }
    this.rangeProblem.set(null);
    this.loads.next(query);
  }

  /** Downloads the summary (or the agents' table) of the period as a CSV file. */
  protected downloadCsv(report: 'summary' | 'agents'): void {
    const query = this.query();
    if (!query) return;
    this.downloading.set(true);
    this.reports
      .downloadCsv(report, query)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ blob, filename }) => {
          this.downloading.set(false);
          this.saveFile(blob, filename);
          this.feedback.success(`Downloaded ${filename}`);
        },
        error: (error: unknown) => {
          this.downloading.set(false);
          this.feedback.error(error, 'Could not download the report.');
        },
      });
  }

  /** The query of the picked period and interval, or null while an end is missing. */
  private query(): ReportSummaryQuery | null {
    const { start, end } = this.range.getRawValue();
    if (!start || !end) return null;
    return { from: isoDate(start), to: isoDate(end), interval: this.interval() };
  }

  private loadOnRequest(): void {
    this.loads
      .pipe(
        tap(() => this.loading.set(true)),
        switchMap((query) =>
          forkJoin({ summary: this.reports.summary(query), agents: this.reports.agents(query) }).pipe(
            catchError((error: unknown) => {
              this.feedback.error(error, 'Could not load the reports.');
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((result) => {
        this.loading.set(false);
        if (!result) return;
        this.summary.set(result.summary);
        this.agents.set(result.agents);
      });
  }

  /** Hands `blob` to the browser as a download named `filename`. */
  private saveFile(blob: Blob, filename: string): void {
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
