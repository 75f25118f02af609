import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { type CannedResponseResponse, Role, type UserResponse } from '@hd/shared/domain';

import { AGENT, fillIn, logInAs, testProviders } from '../../../testing/test-helpers';
import { CannedResponsesComponent } from './canned-responses.component';

const ADMIN: UserResponse = {
  ...AGENT,
  id: 1,
  firstName: 'Ada',
  lastName: 'Admin',
  name: 'Ada Admin',
  role: Role.Admin,
};

function aResponse(id: number, title: string, shared: boolean, owner: UserResponse): CannedResponseResponse {
  return {
    id,
    title,
    body: `Text of ${title}`,
    shared,
    owner: { id: owner.id, name: owner.name },
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
  };
}

const MINE = aResponse(1, 'My greeting', false, AGENT);
const SHARED = aResponse(2, 'Team sign-off', true, ADMIN);

describe('CannedResponsesComponent', () => {
  let fixture: ComponentFixture<CannedResponsesComponent>;
  let loader: HarnessLoader;
  let rootLoader: HarnessLoader;
  let http: HttpTestingController;

  async function open(user: UserResponse, items: CannedResponseResponse[]): Promise<void> {
    localStorage.clear();
    logInAs(user);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CannedResponsesComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    rootLoader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/canned-responses').flush({ items });
    await fixture.whenStable();
  }

  function titles(list: string): string[] {
    const items = fixture.nativeElement.querySelectorAll(`ul[aria-label="${list}"] h3`);
    return Array.from(items as NodeListOf<HTMLElement>).map((el) => el.textContent?.trim() ?? '');
  }

  const button = (name: string) =>
    loader.getHarnessOrNull(MatButtonHarness.with({ selector: `[aria-label="${name}"]` }));
  const snackBar = async () => (await rootLoader.getHarness(MatSnackBarHarness)).getMessage();

  /** Lets a closing dialog report its result, and the snackbar that follows load. */
  async function afterDialogCloses(): Promise<void> {
    expect(await rootLoader.getAllHarnesses(MatDialogHarness)).toEqual([]);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('lets an agent change their own responses but only read the shared ones', async () => {
    await open(AGENT, [MINE, SHARED]);
    expect(titles('Your canned responses')).toEqual(['My greeting']);
    expect(titles('Shared canned responses')).toEqual(['Team sign-off']);
    expect(await button('Edit My greeting')).not.toBeNull();
    expect(await button('Delete My greeting')).not.toBeNull();
    expect(await button('Edit Team sign-off')).toBeNull();
    expect(await button('Delete Team sign-off')).toBeNull();
    expect(fixture.nativeElement.textContent).toContain('Only admins add, change and delete the shared ones');
  });

  it('adds a personal response for an agent, without the switch to share it', async () => {
    await open(AGENT, [SHARED]);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add canned response/ }))).click();
    const dialog = await rootLoader.getHarness(MatDialogHarness);
    expect(await dialog.getHarnessOrNull(MatSlideToggleHarness)).toBeNull();
    await fillIn(dialog, 'Title', '  Refund on its way ');
    await fillIn(dialog, 'Text', 'Hi {{customer.firstName}}, the refund is on its way.');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add canned response' }))).click();
    const post = http.expectOne('/api/canned-responses');
    expect([post.request.method, post.request.body]).toEqual([
      'POST',
      { title: 'Refund on its way', body: 'Hi {{customer.firstName}}, the refund is on its way.' },
    ]);
    post.flush({ ...aResponse(5, 'Refund on its way', false, AGENT), body: post.request.body.body });
    await afterDialogCloses();
    expect(await snackBar()).toBe('Canned response “Refund on its way” added.');
    expect(titles('Your canned responses')).toEqual(['Refund on its way']);
  });

  it('lets an admin edit a shared response, sending only what changed', async () => {
    await open(ADMIN, [SHARED]);
    await (await button('Edit Team sign-off'))?.click();
    const dialog = await rootLoader.getHarness(MatDialogHarness);
    expect(await (await dialog.getHarness(MatSlideToggleHarness)).isChecked()).toBe(true);
    await fillIn(dialog, 'Title', 'Team sign-off (formal)');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Save changes' }))).click();
    const patch = http.expectOne('/api/canned-responses/2');
    expect([patch.request.method, patch.request.body]).toEqual([
      'PATCH',
      { title: 'Team sign-off (formal)' },
    ]);
    patch.flush({ ...SHARED, title: 'Team sign-off (formal)' });
    await afterDialogCloses();
    expect(await snackBar()).toBe('Canned response “Team sign-off (formal)” saved.');
    expect(titles('Shared canned responses')).toEqual(['Team sign-off (formal)']);
  });

  it('shows the API objections next to their fields, keeping the dialog open', async () => {
    await open(AGENT, []);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add canned response/ }))).click();
    const dialog = await rootLoader.getHarness(MatDialogHarness);
    await fillIn(dialog, 'Title', 'Hello');
    await fillIn(dialog, 'Text', 'Hi');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add canned response' }))).click();
    http.expectOne('/api/canned-responses').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'title is taken',
        code: 'VALIDATION_FAILED',
        errors: { title: ['title is taken'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(await (await dialog.host()).text()).toContain('title is taken');
  });

  it('deletes a response once confirmed', async () => {
    await open(AGENT, [MINE, SHARED]);
    await (await button('Delete My greeting'))?.click();
    const confirm = await rootLoader.getHarness(MatDialogHarness);
    expect(await confirm.getTitleText()).toBe('Delete this canned response?');
    await (await confirm.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    const request = http.expectOne('/api/canned-responses/1');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(titles('Your canned responses')).toEqual([]);
    expect(fixture.nativeElement.textContent).toContain('No canned responses of your own yet');
    expect(await snackBar()).toBe('Canned response “My greeting” deleted.');
  });
});
