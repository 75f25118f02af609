import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { ErrorCode } from '@hd/shared/domain';
import { AuthStateService } from '@hd/web/data-access';

import {
  CUSTOMER,
  formField,
  inputIn,
  logInAs,
  passwordPolicyLoaded,
  testProviders,
} from '../../testing/test-helpers';
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
    http.expectOne('/api/users/me').flush(CUSTOMER);
    http.expectOne('/api/users/me/api-tokens').flush({ items: [] });
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    return loader.getHarness(MatSlideToggleHarness.with({ label: 'E-mail notifications' }));
  }

  function input(label: string): Promise<MatInputHarness> {
    return inputIn(loader, label);
  }

  async function errorsOf(label: string): Promise<string[]> {
    return (await formField(loader, label)).getTextErrors();
  }

  async function snackBarMessage(): Promise<string> {
    return (await loader.getHarness(MatSnackBarHarness)).getMessage();
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

  it('shows the user’s names and e-mail, and saves new names; the session then carries them', async () => {
    await open(true);
    expect(fixture.nativeElement.querySelector('[data-testid="profile-email"]').textContent).toBe(
      'customer@example.com',
    );
    expect(await (await input('First name')).getValue()).toBe('Casey');
    await (await input('Last name')).setValue('  Smith ');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save name' }))).click();
    const patch = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/users/me');
    expect(patch.request.body).toEqual({ firstName: 'Casey', lastName: 'Smith' });
    const renamed = { ...CUSTOMER, lastName: 'Smith', name: 'Casey Smith' };
    patch.flush(renamed);
    http.expectOne('/api/auth/refresh').flush({ user: renamed, accessToken: 'a2', refreshToken: 'r2' });
    await fixture.whenStable();
    expect(await snackBarMessage()).toBe('Your name is saved.');
    expect(TestBed.inject(AuthStateService).user()?.name).toBe('Casey Smith');
  });

  it('checks names with the domain’s rule before sending them', async () => {
    await open(true);
    await (await input('First name')).setValue('C4sey');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save name' }))).click();
    http.expectNone((r) => r.method === 'PATCH' && r.url === '/api/users/me');
    expect(await errorsOf('First name')).toEqual([
      'First name may contain only letters, spaces, hyphens, apostrophes and periods, and must start with a letter',
    ]);
  });

  it('changes the password, and puts a wrong current password next to its field', async () => {
    await open(true);
    await passwordPolicyLoaded(fixture);
    await (await input('Current password')).setValue('wrong');
    await (await input('New password')).setValue('violet tuba marmalade 42');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Change password' }))).click();
    const refused = http.expectOne('/api/users/me/password');
    expect(refused.request.body).toEqual({
      currentPassword: 'wrong',
      newPassword: 'violet tuba marmalade 42',
    });
    refused.flush(
      {
        statusCode: 400,
        message: 'The current password is not correct',
        code: ErrorCode.WrongPassword,
        errors: { currentPassword: ['The current password is not correct'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(await errorsOf('Current password')).toEqual(['The current password is not correct']);

    await (await input('Current password')).setValue('customer123');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Change password' }))).click();
    http.expectOne('/api/users/me/password').flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(await snackBarMessage()).toBe('Password changed. You are logged out everywhere else.');
    expect(await (await input('New password')).getValue()).toBe('');
  });

  it('judges the new password with the shared policy and a strength meter', async () => {
    await open(true);
    await passwordPolicyLoaded(fixture);
    await (await input('Current password')).setValue('customer123');
    const newPassword = await input('New password');
    await newPassword.setValue('password1');
    await newPassword.blur();
    expect((await errorsOf('New password'))[0]).toMatch(/too easy to guess|at least/i);
    expect(fixture.nativeElement.querySelector('[data-testid="strength-label"]').textContent).toMatch(
      /weak/i,
    );
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Change password' }))).click();
    http.expectNone('/api/users/me/password');
  });
});
