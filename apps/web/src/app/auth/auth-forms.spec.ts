import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { Router } from '@angular/router';

import { CUSTOMER, fillIn, formField, passwordPolicyLoaded, testProviders } from '../../testing/test-helpers';
import { LoginComponent } from './login.component';
import { RegisterComponent } from './register.component';

const field = formField;
const fill = fillIn;

describe('LoginComponent', () => {
  let fixture: ComponentFixture<LoginComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginComponent);
    fixture.componentRef.setInput('returnUrl', '/tickets/42');
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('validates inline and sends nothing while the form is invalid', async () => {
    await fill(loader, 'E-mail', 'not-an-email');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Log in' }))).click();
    expect(await (await field(loader, 'E-mail')).getTextErrors()).toEqual([
      'Enter a valid e-mail address, like name@example.com',
    ]);
    expect(await (await field(loader, 'Password')).getTextErrors()).toEqual(['Enter your password']);
    http.expectNone('/api/auth/login');
  });

  it('shows the server’s message when the credentials are wrong', async () => {
    await fill(loader, 'E-mail', 'customer@example.com');
    await fill(loader, 'Password', 'wrong');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Log in' }))).click();
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, message: 'Invalid e-mail or password', code: 'INVALID_CREDENTIALS' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="form-error"]').textContent).toContain(
      'Invalid e-mail or password',
    );
    expect(router.navigateByUrl).not.toHaveBeenCalled();
  });

  it('links to "Forgot password?" with the e-mail typed so far', async () => {
    await fill(loader, 'E-mail', 'customer@example.com');
    const link = fixture.nativeElement.querySelector('a.forgot') as HTMLAnchorElement;
    expect(link.textContent?.trim()).toBe('Forgot password?');
    expect(link.getAttribute('href')).toBe('/auth/forgot?email=customer@example.com');
  });

  it('goes on to the remembered page after logging in', async () => {
    await fill(loader, 'E-mail', 'customer@example.com');
    await fill(loader, 'Password', 'customer123');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Log in' }))).click();
    http.expectOne('/api/auth/login').flush({ user: CUSTOMER, accessToken: 'a', refreshToken: 'r' });
    expect(router.navigateByUrl).toHaveBeenCalledWith('/tickets/42');
  });
});

describe('RegisterComponent', () => {
  let fixture: ComponentFixture<RegisterComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(RegisterComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
    await passwordPolicyLoaded(fixture);
  });

  afterEach(() => http.verify());

  it('judges the password with the shared policy and shows why it is refused', async () => {
    await fill(loader, 'First name', 'Robin');
    await fill(loader, 'Last name', 'Tester');
    await fill(loader, 'E-mail', 'robin@example.com');
    await fill(loader, 'Password', 'password1');
    expect((await (await field(loader, 'Password')).getTextErrors())[0]).toMatch(
      /^Password is too easy to guess/,
    );
    expect(fixture.nativeElement.querySelector('[data-testid="strength-label"]').textContent).toMatch(
      /Very weak|Weak/,
    );

    await fill(loader, 'Password', 'violet tuba marmalade 42');
    expect(await (await field(loader, 'Password')).getTextErrors()).toEqual([]);
    expect(fixture.nativeElement.querySelector('[data-testid="strength-label"]').textContent).toMatch(
      /Strength: (Strong|Very strong)/,
    );
  });

  it('puts the 409 next to the e-mail field', async () => {
    await fill(loader, 'First name', 'Robin');
    await fill(loader, 'Last name', 'Tester');
    await fill(loader, 'E-mail', 'customer@example.com');
    await fill(loader, 'Password', 'violet tuba marmalade 42');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create account' }))).click();
    http.expectOne('/api/auth/register').flush(
      {
        statusCode: 409,
        error: 'Conflict',
        message: 'An account with this e-mail already exists',
        code: 'EMAIL_TAKEN',
        errors: { email: ['An account with this e-mail already exists'] },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(await (await field(loader, 'E-mail')).getTextErrors()).toEqual([
      'An account with this e-mail already exists',
    ]);
    expect(fixture.nativeElement.querySelector('[data-testid="form-error"]')).toBeNull();
  });

  it('checks first and last name with the domain’s name rule and sends them apart', async () => {
    await fill(loader, 'First name', 'R2D2');
    await fill(loader, 'Last name', '');
    expect(await (await field(loader, 'First name')).getTextErrors()).toEqual([
      'First name may contain only letters, spaces, hyphens, apostrophes and periods, and must start with a letter',
    ]);
    expect(await (await field(loader, 'Last name')).getTextErrors()).toEqual(['Enter your last name']);

    await fill(loader, 'First name', ' Anne-Marie ');
    await fill(loader, 'Last name', 'O’Brien');
    await fill(loader, 'E-mail', 'anne@example.com');
    await fill(loader, 'Password', 'violet tuba marmalade 42');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create account' }))).click();
    const request = http.expectOne('/api/auth/register');
    expect(request.request.body).toEqual({
      firstName: 'Anne-Marie',
      lastName: 'O’Brien',
      email: 'anne@example.com',
      password: 'violet tuba marmalade 42',
    });
    request.flush({
      user: { ...CUSTOMER, firstName: 'Anne-Marie', lastName: 'O’Brien', name: 'Anne-Marie O’Brien' },
      accessToken: 'a',
      refreshToken: 'r',
    });
  });
});
