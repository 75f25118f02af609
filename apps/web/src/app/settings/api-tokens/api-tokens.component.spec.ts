import { Clipboard } from '@angular/cdk/clipboard';
import { HarnessLoader, TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import {
  type ApiTokenResponse,
  ApiTokenScope,
  type CreatedApiTokenResponse,
  ErrorCode,
  Role,
  type UserResponse,
} from '@hd/shared/domain';

import { AGENT, CUSTOMER, formField, inputIn, logInAs, testProviders } from '../../../testing/test-helpers';
import { endOfDayIso } from './api-token-dialog.component';
import { ApiTokensComponent } from './api-tokens.component';

const URL = '/api/users/me/api-tokens';
const ADMIN: UserResponse = { ...AGENT, id: 1, name: 'Ada Admin', role: Role.Admin };
const CRM: ApiTokenResponse = {
  id: 4,
  name: 'CRM sync',
  prefix: 'hd_Zx81kQ',
  scopes: [ApiTokenScope.TicketsRead, ApiTokenScope.TicketsWrite],
  createdAt: '2026-11-01T09:00:00.000Z',
  expiresAt: null,
  lastUsedAt: null,
};
const OLD: ApiTokenResponse = {
  ...CRM,
  id: 3,
  name: 'Old report export',
  prefix: 'hd_Ab12cD',
  scopes: [ApiTokenScope.ReportsRead],
  expiresAt: '2026-01-31T23:59:59.999Z',
  lastUsedAt: '2026-01-30T10:00:00.000Z',
};

describe('ApiTokensComponent', () => {
  let fixture: ComponentFixture<ApiTokensComponent>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;
  const copy = jest.fn<boolean, [string]>(() => true);

  async function open(user: UserResponse, tokens: ApiTokenResponse[]): Promise<void> {
    localStorage.clear();
    logInAs(user);
    TestBed.configureTestingModule({
      providers: [...testProviders(), { provide: Clipboard, useValue: { copy } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApiTokensComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    http.expectOne(URL).flush({ items: tokens });
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  function text(): string {
    return (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ') ?? '';
  }

  async function snackBar(): Promise<string> {
    return (await root.getHarness(MatSnackBarHarness)).getMessage();
  }

  async function openDialog(): Promise<MatDialogHarness> {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Create token/ }))).click();
    return root.getHarness(MatDialogHarness);
  }

  it('lists each token with its prefix, scopes, creation, expiry and last use', async () => {
    await open(AGENT, [CRM, OLD]);
    const items = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="api-token"]'),
    );
    const texts = (item: Element, selector: string) =>
      Array.from(item.querySelectorAll(selector)).map((e) => e.textContent?.replace(/\s+/g, ' ').trim());
    expect(items.map((item) => texts(item, 'h3, .prefix'))).toEqual([
      ['CRM sync', 'Starts with hd_Zx81kQ…'],
      ['Old report export', 'Starts with hd_Ab12cD…'],
    ]);
    expect(items.map((item) => texts(item, '.scope'))).toEqual([
      ['Read tickets', 'Create and change tickets'],
      ['Read reports'],
    ]);
    expect(items.map((item) => texts(item, 'dt, dd'))).toEqual([
      ['Created', 'Nov 1, 2026', 'Expires', 'Never', 'Last used', 'Never'],
      ['Created', 'Nov 1, 2026', 'Expired', 'Jan 31, 2026', 'Last used', expect.stringMatching(/ ago$/)],
    ]);
  });

  it('says when there are no tokens', async () => {
    await open(CUSTOMER, []);
    expect(text()).toContain('You have no API tokens.');
  });

  it('offers only the scopes of the user’s role, with read access ticked', async () => {
    await open(CUSTOMER, []);
    const dialog = await openDialog();
    const boxes = await dialog.getAllHarnesses(MatCheckboxHarness);
    expect(await Promise.all(boxes.map((box) => box.getLabelText()))).toEqual([
      expect.stringMatching(/^Read tickets tickets:read/),
      expect.stringMatching(/^Create and change tickets tickets:write/),
    ]);
    expect(await Promise.all(boxes.map((box) => box.isChecked()))).toEqual([true, false]);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
  });

  it('creates a token, shows its value once with a copy button, then lists it', async () => {
    await open(ADMIN, [CRM]);
    const dialog = await openDialog();
    expect(await dialog.getTitleText()).toBe('Create an API token');
    expect(await (await dialog.getAllHarnesses(MatCheckboxHarness)).length).toBe(5);
    await (await inputIn(dialog, 'Name')).setValue('  Nightly backup ');
    await (await dialog.getHarness(MatCheckboxHarness.with({ label: /Administration/ }))).check();
    await (await inputIn(dialog, 'Expires on (optional)')).setValue('2099-06-30');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create token' }))).click();

    const create = http.expectOne({ method: 'POST', url: URL });
    expect(create.request.body).toEqual({
      name: 'Nightly backup',
      scopes: [ApiTokenScope.TicketsRead, ApiTokenScope.Admin],
      expiresAt: endOfDayIso('2099-06-30'),
    });
    const created: CreatedApiTokenResponse = {
      ...CRM,
      id: 5,
      name: 'Nightly backup',
      prefix: 'hd_Qw9eRt',
      scopes: [ApiTokenScope.TicketsRead, ApiTokenScope.Admin],
      expiresAt: endOfDayIso('2099-06-30'),
      token: 'hd_Qw9eRtSecretValueOfFortyThreeCharacters1234',
    };
    create.flush(created);
    await fixture.whenStable();

    expect(await dialog.getTitleText()).toBe('Token “Nightly backup” created');
    expect(await dialog.getContentText()).toContain('Copy it now: it will not be shown again.');
    const secret = await inputIn(dialog, 'Your new token');
    expect(await secret.getValue()).toBe(created.token);
    expect(await secret.isFocused()).toBe(true);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Copy' }))).click();
    expect(copy).toHaveBeenCalledWith(created.token);
    expect(await dialog.getContentText()).toContain('Copied to the clipboard.');

    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Done' }))).click();
    await fixture.whenStable();
    expect(await root.getAllHarnesses(MatDialogHarness)).toEqual([]);
    expect(await snackBar()).toBe('Token “Nightly backup” created.');
    const names = (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="api-token-name"]');
    expect(Array.from(names).map((name) => name.textContent)).toEqual(['Nightly backup', 'CRM sync']);
    // The value was shown once: it is nowhere on the page any more.
    expect(text()).not.toContain(created.token);
  });

  it('hands the created token over when the dialog is closed with Escape', async () => {
    await open(CUSTOMER, []);
    const dialog = await openDialog();
    await (await inputIn(dialog, 'Name')).setValue('Phone app');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create token' }))).click();
    http.expectOne({ method: 'POST', url: URL }).flush({ ...CRM, id: 9, name: 'Phone app', token: 'hd_x' });
    await fixture.whenStable();
    await (await (await inputIn(dialog, 'Your new token')).host()).sendKeys(TestKey.ESCAPE);
    await fixture.whenStable();
    expect(await root.getAllHarnesses(MatDialogHarness)).toEqual([]);
    expect(text()).toContain('Phone app');
  });

  it('keeps the dialog open with the server’s objections next to their fields', async () => {
    await open(CUSTOMER, []);
    const dialog = await openDialog();
    await (await inputIn(dialog, 'Name')).setValue('Sync');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create token' }))).click();
    http.expectOne({ method: 'POST', url: URL }).flush(
      {
        statusCode: 400,
        message: 'expiresAt must be in the future',
        code: ErrorCode.ValidationFailed,
        errors: { expiresAt: ['must be in the future'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(await (await formField(dialog, 'Expires on (optional)')).getTextErrors()).toEqual([
      'must be in the future',
    ]);
    expect(await snackBar()).toBe('expiresAt must be in the future');
  });

  it('refuses a token without a name or a scope before asking the server', async () => {
    await open(CUSTOMER, []);
    const dialog = await openDialog();
    await (await dialog.getHarness(MatCheckboxHarness.with({ label: /Read tickets/ }))).uncheck();
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create token' }))).click();
    expect(await (await formField(dialog, 'Name')).getTextErrors()).toEqual(['Name the token']);
    expect(await dialog.getContentText()).toContain('Choose at least one scope');
    http.expectNone({ method: 'POST', url: URL });
  });

  it('revokes a token after confirming, and not when cancelled', async () => {
    await open(AGENT, [CRM, OLD]);
    const revoke = () =>
      loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Revoke CRM sync"]' }));
    await (await revoke()).click();
    let dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Revoke “CRM sync”?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await fixture.whenStable();
    http.expectNone({ method: 'DELETE', url: `${URL}/4` });

    await (await revoke()).click();
    dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Revoke' }))).click();
    await fixture.whenStable();
    http
      .expectOne({ method: 'DELETE', url: `${URL}/4` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(await snackBar()).toBe('Token “CRM sync” revoked.');
    expect(text()).not.toContain('CRM sync');
    expect(text()).toContain('Old report export');
  });
});
