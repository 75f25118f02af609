import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { CUSTOMER, logInAs, testProviders } from '../../testing/test-helpers';
import { SettingsComponent } from './settings.component';

const URL = '/api/users/me/preferences';

describe('SettingsComponent', () => {
  let fixture: ComponentFixture<SettingsComponent>;
  let http: HttpTestingController;
  let loader: HarnessLoader;

  async function open(emailNotifications: boolean): Promise<MatSlideToggleHarness> {
    localStorage.clear();
    logInAs(CUSTOMER);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SettingsComponent);
    fixture.detectChanges();
    http.expectOne(URL).flush({ emailNotifications });
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    return loader.getHarness(MatSlideToggleHarness.with({ label: 'E-mail notifications' }));
  }

  afterEach(() => http.verify());

  it('shows the saved e-mail preference and saves a change with a snackbar', async () => {
    const toggle = await open(true);
    expect(await toggle.isChecked()).toBe(true);
    await toggle.toggle();
    const patch = http.expectOne(URL);
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ emailNotifications: false });
    patch.flush({ emailNotifications: false });
    await fixture.whenStable();
    expect(await toggle.isChecked()).toBe(false);
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toBe(
      'E-mail notifications turned off.',
    );
  });

  it('puts the switch back and says so when saving fails', async () => {
    const toggle = await open(false);
    await toggle.toggle();
    http
      .expectOne(URL)
      .flush({ statusCode: 500, message: 'Database unavailable' }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    expect(await toggle.isChecked()).toBe(false);
    expect(await toggle.isDisabled()).toBe(false);
    expect(await (await loader.getHarness(MatSnackBarHarness)).getMessage()).toContain(
      'Database unavailable',
    );
  });
});
