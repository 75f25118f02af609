import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import {
  DEFAULT_SLA_POLICIES,
  defaultSettings,
  type HelpdeskSettings,
  Role,
  type SlaPolicyListResponse,
  TICKET_PRIORITIES,
} from '@hd/shared/domain';

import { AGENT, logInAs, testProviders } from '../../../testing/test-helpers';
import { AdminSlaComponent } from './admin-sla.component';
import { parseOpeningHours } from './opening-hours-text';

const POLICIES: SlaPolicyListResponse = {
  items: [...TICKET_PRIORITIES].reverse().map((priority) => ({
    priority,
    ...DEFAULT_SLA_POLICIES[priority],
    updatedAt: null,
  })),
};

describe('AdminSlaComponent', () => {
  let fixture: ComponentFixture<AdminSlaComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  /** The input labelled `label` (from its start: required fields add a marker). */
  const input = async (label: string | RegExp): Promise<MatInputHarness> => {
    const text = typeof label === 'string' ? new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) : label;
    const field = await loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: text }));
    return (await field.getControl(MatInputHarness)) as MatInputHarness;
  };
  const button = async (text: string): Promise<MatButtonHarness> =>
    loader.getHarness(MatButtonHarness.with({ text }));
  const snackBar = async (): Promise<string> =>
    (await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness)).getMessage();

  beforeEach(async () => {
    localStorage.clear();
    logInAs({ ...AGENT, role: Role.Admin });
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminSlaComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/sla-policies').flush(POLICIES);
    const settings: HelpdeskSettings = defaultSettings();
    settings.businessHours.holidays = ['2026-12-25'];
    http.expectOne('/api/settings').flush(settings);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows each priority’s targets in minutes with their length, and saves one priority with a PUT', async () => {
    const first = await input('Urgent: first response (minutes)');
    expect(await first.getValue()).toBe('120');
    expect(fixture.nativeElement.textContent).toContain('2 h');
    await first.setValue('90');
    await (await button('Save urgent')).click();
    const put = http.expectOne('/api/sla-policies/urgent');
    expect([put.request.method, put.request.body]).toEqual([
      'PUT',
      { firstResponseMinutes: 90, resolutionMinutes: 1440 },
    ]);
    put.flush({
      priority: 'urgent',
      firstResponseMinutes: 90,
      resolutionMinutes: 1440,
      updatedAt: '2026-11-26T10:00:00.000Z',
    });
    await fixture.whenStable();
    expect(await snackBar()).toBe('Urgent targets saved.');
  });

  it('refuses targets that are not whole minutes without a request, and shows the server’s objection', async () => {
    const resolution = await input('High: resolution (minutes)');
    await resolution.setValue('0');
    await (await button('Save high')).click();
    http.expectNone('/api/sla-policies/high');
    expect(fixture.nativeElement.textContent).toContain('Whole minutes from 1 to 525600');

    await resolution.setValue('100');
    await (await button('Save high')).click();
    http.expectOne('/api/sla-policies/high').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        code: 'VALIDATION_FAILED',
        errors: { resolutionMinutes: ['resolutionMinutes must not be less than firstResponseMinutes'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain(
      'resolutionMinutes must not be less than firstResponseMinutes',
    );
  });

  it('saves business hours, opening hours, holidays and the at-risk threshold with one PATCH', async () => {
    await (await loader.getHarness(MatSlideToggleHarness)).check();
    await (await input('Time zone')).setValue('Europe/London');
    await (await input('Friday')).setValue('09:00-12:00, 13:00-16:00');
    await (await input('Holiday')).setValue('2027-01-01');
    await (await button('Add holiday')).click();
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Remove 2026-12-25"]' }))
    ).click();
    await (await input(/At risk from/)).setValue('75');
    await (await button('Save business hours')).click();
    const patch = http.expectOne('/api/settings');
    const office = [{ start: '09:00', end: '17:00' }];
    expect([patch.request.method, patch.request.body]).toEqual([
      'PATCH',
      {
        businessHours: {
          enabled: true,
          timeZone: 'Europe/London',
          week: {
            monday: office,
            tuesday: office,
            wednesday: office,
            thursday: office,
            friday: [
              { start: '09:00', end: '12:00' },
              { start: '13:00', end: '16:00' },
            ],
            saturday: [],
            sunday: [],
          },
          holidays: ['2027-01-01'],
        },
        sla: { atRiskThreshold: 0.75 },
      },
    ]);
    patch.flush(defaultSettings());
    await fixture.whenStable();
    expect(await snackBar()).toBe('Business hours saved.');
  });

  it('refuses opening hours that cross midnight, an unknown time zone or a threshold out of range', async () => {
    await (await input('Monday')).setValue('22:00-02:00');
    await (await input('Time zone')).setValue('Mars/Olympus');
    await (await input(/At risk from/)).setValue('100');
    await (await button('Save business hours')).click();
    http.expectNone('/api/settings');
    const text = fixture.nativeElement.textContent as string;
    expect(text).toContain('Check the hours: 22:00-02:00 ends before it starts');
    expect(text).toContain('An IANA time zone such as Europe/London');
    expect(text).toContain('A whole percentage from 50 to 99');
  });
});

describe('parseOpeningHours()', () => {
  it('reads intervals separated by commas, an empty day as closed, and says what is wrong', () => {
    expect(parseOpeningHours(' 09:00 – 12:00 ,13:00-24:00')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '24:00' },
    ]);
    expect(parseOpeningHours('  ')).toEqual([]);
    expect(parseOpeningHours('9-5')).toBe('Write the hours as 09:00-17:00, several separated by commas');
    expect(parseOpeningHours('13:00-17:00, 09:00-12:00')).toBe(
      'Check the hours: intervals must be in order and must not overlap',
    );
  });
});
