import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideCharts } from 'ng2-charts';

import {
  type AgentReportRowResponse,
  type ReportSummaryResponse,
  ReportInterval,
  Role,
  type UserResponse,
} from '@hd/shared/domain';

import { AGENT, logInAs, testProviders } from '../../testing/test-helpers';
import { DashboardComponent } from './dashboard.component';

const ADMIN: UserResponse = {
  ...AGENT,
  id: 1,
  email: 'admin@example.com',
  name: 'Ada Admin',
  role: Role.Admin,
};

const SUMMARY: ReportSummaryResponse = {
  from: '2026-10-28T00:00:00.000Z',
  to: '2026-10-31T00:00:00.000Z',
  timeZone: 'UTC',
  interval: ReportInterval.Day,
  buckets: [
    {
      start: '2026-10-28T00:00:00.000Z',
      end: '2026-10-29T00:00:00.000Z',
      created: 4,
      resolved: 1,
      closed: 0,
      backlog: 7,
    },
    {
      start: '2026-10-29T00:00:00.000Z',
      end: '2026-10-30T00:00:00.000Z',
      created: 2,
      resolved: 3,
      closed: 1,
      backlog: 6,
    },
    {
      start: '2026-10-30T00:00:00.000Z',
      end: '2026-10-31T00:00:00.000Z',
      created: 0,
      resolved: 2,
      closed: 2,
      backlog: 4,
    },
  ],
  totals: { created: 6, resolved: 6, backlog: 4, reopened: 1 },
  firstResponse: { median: 42.4, p90: 200 },
  resolution: { median: 1500, p90: 4000 },
  sla: { firstResponseMet: 0.925, resolutionMet: null },
};

const AGENTS: AgentReportRowResponse[] = [
  {
    agent: { id: 2, name: 'Alex Agent' },
    assigned: 5,
    resolved: 4,
    reopened: 1,
    firstResponse: { median: 30 },
    resolution: { median: 90 },
    slaMet: 0.75,
  },
];

describe('DashboardComponent', () => {
  let fixture: ComponentFixture<DashboardComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  const period = 'from=2026-10-28&to=2026-11-26';

  const open = async (user: UserResponse): Promise<void> => {
    logInAs(user);
    TestBed.configureTestingModule({ providers: [...testProviders(), provideCharts({ registerables: [] })] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DashboardComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
  };
  const answer = async (interval = 'day'): Promise<void> => {
    http.expectOne(`/api/reports/summary?${period}&interval=${interval}`).flush(SUMMARY);
    http.expectOne(`/api/reports/agents?${period}`).flush(AGENTS);
    await fixture.whenStable();
  };
  const text = (selector: string): string[] =>
    Array.from(fixture.nativeElement.querySelectorAll(selector) as NodeListOf<HTMLElement>).map(
      (element) => element.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    );

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-26T10:00:00.000Z'), advanceTimers: true });
    // jsdom has no canvas: Chart.js finds no context and draws nothing; the tables are what is read.
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
    jest.restoreAllMocks();
    localStorage.clear();
  });

  it("loads the last 30 days and shows the team's key figures", async () => {
    await open(ADMIN);
    await answer();
    expect(text('h1')).toEqual(['Dashboard']);
    expect(text('.kpi .kpi-label')).toEqual([
      'Created',
      'Resolved',
      'Backlog',
      'Reopened',
      'First response',
      'Resolution',
      'First responses in time',
      'Resolutions in time',
    ]);
    expect(text('.kpi .kpi-value')).toEqual(['6', '6', '4', '1', '42 min', '1 d 1 h', '93 %', '—']);
    expect(text('[data-testid="kpi-first-response"] .kpi-hint')).toEqual(['Median; 90 % within 3 h 20 min']);
  });

  it('gives each chart a data table, visually hidden until asked for', async () => {
    await open(ADMIN);
    await answer();
    const volume = fixture.nativeElement.querySelector('[data-testid="chart-volume"]') as HTMLElement;
    expect(Array.from(volume.querySelectorAll('thead th')).map((th) => th.textContent?.trim())).toEqual([
      'Day',
      'Created',
      'Resolved',
    ]);
    expect(
      Array.from(volume.querySelectorAll('tbody tr')).map((tr) =>
        Array.from(tr.children).map((cell) => cell.textContent?.trim()),
      ),
    ).toEqual([
      ['Oct 28', '4', '1'],
      ['Oct 29', '2', '3'],
      ['Oct 30', '0', '2'],
    ]);
    expect(volume.querySelector('canvas')?.getAttribute('role')).toBe('img');
    const wrap = volume.querySelector('.table-wrap') as HTMLElement;
    expect(wrap.classList).toContain('visually-hidden');
    const toggle = volume.querySelector('figcaption button') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await fixture.whenStable();
    expect(wrap.classList).not.toContain('visually-hidden');
    expect(toggle.textContent?.trim()).toBe('Hide data table');
    const backlog = fixture.nativeElement.querySelector('[data-testid="chart-backlog"] tbody') as HTMLElement;
    expect(Array.from(backlog.querySelectorAll('td')).map((td) => td.textContent?.trim())).toEqual([
      '7',
      '6',
      '4',
    ]);
  });

  it('lists each agent with their figures', async () => {
    await open(ADMIN);
    await answer();
    const table = await loader.getHarness(MatTableHarness);
    expect(await table.getCellTextByIndex()).toEqual([
      ['Alex Agent', '5', '4', '1', '30 min', '1 h 30 min', '75 %'],
    ]);
  });

  it('loads again by week when asked', async () => {
    await open(ADMIN);
    await answer();
    await (await loader.getHarness(MatButtonToggleHarness.with({ text: 'Week' }))).check();
    await answer('week');
  });

  it('refuses more than 366 days by day without asking the server', async () => {
    await open(ADMIN);
    await answer();
    fixture.componentInstance['range'].setValue({
      start: new Date('2024-01-01T12:00:00Z'),
      end: new Date('2026-11-26T12:00:00Z'),
    });
    fixture.componentInstance['reload']();
    await fixture.whenStable();
    expect(text('.problem')).toEqual(['Too many days: pick a shorter period or a wider interval.']);
  });

  it("shows an agent that the figures are their own tickets'", async () => {
    await open({ ...AGENT });
    await answer();
    expect(text('h1')).toEqual(['My dashboard']);
    expect(text('.scope')).toEqual(['The figures of the tickets assigned to you.']);
  });

  it('downloads the summary as the CSV file the API names', async () => {
    await open(ADMIN);
    await answer();
    const created = jest.fn(() => 'blob:report');
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: jest.fn() });
    const clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('helpdesk-summary-2026-10-28-to-2026-11-26.csv');
    });
    (fixture.nativeElement.querySelector('[data-testid="download-summary"]') as HTMLButtonElement).click();
    const request = http.expectOne(`/api/reports/summary?${period}&interval=day&format=csv`);
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['period,start\r\n'], { type: 'text/csv' }), {
      headers: {
        'Content-Disposition': 'attachment; filename="helpdesk-summary-2026-10-28-to-2026-11-26.csv"',
      },
    });
    await fixture.whenStable();
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(created).toHaveBeenCalledTimes(1);
  });
});
