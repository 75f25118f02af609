import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { Router } from '@angular/router';

import { ErrorCode } from '@hd/shared/domain';

import { fillIn, inputIn, passwordPolicyLoaded, testProviders } from '../../testing/test-helpers';
import { ForgotPasswordComponent } from './forgot-password.component';
import { ResetPasswordComponent } from './reset-password.component';

function text(fixture: ComponentFixture<unknown>): string {
  return (fixture.nativeElement as HTMLElement).textContent ?? '';
}

describe('ForgotPasswordComponent', () => {
  let fixture: ComponentFixture<ForgotPasswordComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ForgotPasswordComponent);
    fixture.componentRef.setInput('email', 'casey@example.com');
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('starts with the e-mail from the login page, and says the same thing whatever the address', async () => {
    const email = await inputIn(loader, 'E-mail');
    expect(await email.getValue()).toBe('casey@example.com');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Send reset link' }))).click();
    const request = http.expectOne('/api/auth/password-reset');
    expect(request.request.body).toEqual({ email: 'casey@example.com' });
    request.flush(
      { message: 'If an active account uses this e-mail address, a link is on its way.' },
      { status: 202, statusText: 'Accepted' },
    );
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="reset-requested"]').textContent).toContain(
      'If an account uses casey@example.com, we have sent it a link',
    );
  });

  it('validates the e-mail before asking', async () => {
    await fillIn(loader, 'E-mail', 'not-an-email');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Send reset link' }))).click();
    http.expectNone('/api/auth/password-reset');
    expect(text(fixture)).toContain('Enter a valid e-mail address');
  });
});

describe('ResetPasswordComponent', () => {
  let fixture: ComponentFixture<ResetPasswordComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let router: Router;

  async function open(query: { token?: string; invite?: string }): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(ResetPasswordComponent);
    if (query.token) fixture.componentRef.setInput('token', query.token);
    if (query.invite) fixture.componentRef.setInput('invite', query.invite);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    await passwordPolicyLoaded(fixture);
  }

  afterEach(() => http.verify());

  it('sets a strong password with the token, then goes to log in with a snackbar', async () => {
    await open({ token: 'abc', invite: '1' });
    expect(text(fixture)).toContain('Welcome! Choose your password');
    await fillIn(loader, 'New password', 'password1');
    expect(fixture.nativeElement.querySelector('[data-testid="strength-label"]').textContent).toMatch(
      /weak/i,
    );
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Set password' }))).click();
    http.expectNone('/api/auth/password-reset/confirm');

    await fillIn(loader, 'New password', 'violet tuba marmalade 42');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Set password' }))).click();
    const request = http.expectOne('/api/auth/password-reset/confirm');
    expect(request.request.body).toEqual({ token: 'abc', newPassword: 'violet tuba marmalade 42' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(router.navigateByUrl).toHaveBeenCalledWith('/auth/login');
    const snackBar =
      await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toBe('Your password is set. Log in with it now.');
  });

  it('says when the link has expired or was used (INVALID_TOKEN), with a link to ask again', async () => {
    await open({ token: 'old' });
    expect(text(fixture)).toContain('Choose a new password');
    await fillIn(loader, 'New password', 'violet tuba marmalade 42');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Set password' }))).click();
    http
      .expectOne('/api/auth/password-reset/confirm')
      .flush(
        { statusCode: 400, message: 'This link is no longer valid', code: ErrorCode.InvalidToken },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="link-problem"]').textContent).toContain(
      'This link has expired or has already been used',
    );
    const again = fixture.nativeElement.querySelector('a[href="/auth/forgot"]') as HTMLAnchorElement;
    expect(again.textContent?.trim()).toBe('Ask for a new link');
    expect(router.navigateByUrl).not.toHaveBeenCalled();
  });

  it('says at once when the link has no token', async () => {
    await open({});
    expect(fixture.nativeElement.querySelector('[data-testid="link-problem"]').textContent).toContain(
      'This link is incomplete',
    );
  });
});
