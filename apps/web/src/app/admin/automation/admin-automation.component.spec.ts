import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatRadioGroupHarness } from '@angular/material/radio/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { AssignmentMode, defaultSettings, type HelpdeskSettings, Role } from '@hd/shared/domain';

import { AGENT, logInAs, testProviders } from '../../../testing/test-helpers';
import { AdminAutomationComponent } from './admin-automation.component';

describe('AdminAutomationComponent', () => {
  let fixture: ComponentFixture<AdminAutomationComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  const settings = (change: Partial<HelpdeskSettings> = {}): HelpdeskSettings => ({
    ...defaultSettings(),
    ...change,
  });
  const snackBar = async (): Promise<string> =>
    (await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness)).getMessage();
  const days = (): Promise<MatInputHarness> => loader.getHarness(MatInputHarness);
  const save = async (): Promise<void> =>
    (await loader.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();

  beforeEach(async () => {
    localStorage.clear();
    logInAs({ ...AGENT, role: Role.Admin });
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminAutomationComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/settings').flush(settings({ autoClose: { resolvedAfterDays: 5 } }));
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows the current mode and days, and saves a new mode and days with one PATCH', async () => {
    const modes = await loader.getHarness(MatRadioGroupHarness);
    expect(await modes.getCheckedValue()).toBe(AssignmentMode.Manual);
    expect(await (await days()).getValue()).toBe('5');

    await (await modes.getRadioButtons({ label: /Round robin/ }))[0].check();
    await (await days()).setValue('10');
    await save();
    const patch = http.expectOne('/api/settings');
    expect([patch.request.method, patch.request.body]).toEqual([
      'PATCH',
      { assignment: { mode: 'round_robin' }, autoClose: { resolvedAfterDays: 10 } },
    ]);
    patch.flush(
      settings({ assignment: { mode: AssignmentMode.RoundRobin }, autoClose: { resolvedAfterDays: 10 } }),
    );
    await fixture.whenStable();
    expect(await snackBar()).toBe('Automation settings saved.');
    expect(await modes.getCheckedValue()).toBe(AssignmentMode.RoundRobin);
  });

  it('refuses days out of range or not whole without a request, and shows the server’s objection', async () => {
    for (const value of ['366', '-1', '1.5']) {
      await (await days()).setValue(value);
      await save();
      http.expectNone('/api/settings');
    }
    expect(fixture.nativeElement.textContent).toContain('A whole number of days from 0 to 365');

    await (await days()).setValue('0');
    await save();
    http.expectOne('/api/settings').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        code: 'VALIDATION_FAILED',
        errors: { 'autoClose.resolvedAfterDays': ['must not be less than 0'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('must not be less than 0');
  });
});
