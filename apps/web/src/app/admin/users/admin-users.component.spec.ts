import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';

import { type AdminUserResponse, ErrorCode, Role, type UserResponse } from '@hd/shared/domain';

import { AGENT, formField, inputIn, logInAs, testProviders } from '../../../testing/test-helpers';
import { AdminUsersComponent } from './admin-users.component';

const ADMIN: UserResponse = {
  ...AGENT,
  id: 1,
  email: 'admin@example.com',
  firstName: 'Ada',
  lastName: 'Admin',
  name: 'Ada Admin',
  role: Role.Admin,
};
const SAM: UserResponse = {
  ...AGENT,
  id: 6,
  email: 'sam@example.com',
  firstName: 'Sam',
  lastName: 'Support',
  name: 'Sam Support',
};
const GONE: UserResponse = { ...SAM, id: 7, name: 'Gus Gone', email: 'gus@example.com', active: false };

function page(items: UserResponse[], total = items.length) {
  return { items, total, page: 1, pageSize: 20 };
}

describe('AdminUsersComponent', () => {
  let fixture: ComponentFixture<AdminUsersComponent>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    logInAs(ADMIN);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminUsersComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/users?page=1&pageSize=20').flush(page([ADMIN, SAM, GONE], 42));
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function snackBar(): Promise<string> {
    return (await root.getHarness(MatSnackBarHarness)).getMessage();
  }

  const dialogInput = inputIn;

  it('lists users with role and status, and pages through them', async () => {
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['name'].text).toEqual([
      // The role repeats under the name, for phones (where the role column is hidden).
      'Ada Admin (you)admin@example.comAdmin',
      'Sam Supportsam@example.comAgent',
      'Gus Gonegus@example.comAgent',
    ]);
    expect(cells['role'].text).toEqual(['Admin', 'Agent', 'Agent']);
    expect(cells['status'].text).toEqual(['Active', 'Active', 'Deactivated']);
    expect(await (await loader.getHarness(MatPaginatorHarness)).getRangeLabel()).toBe('1 – 20 of 42');
    await (await loader.getHarness(MatPaginatorHarness)).goToNextPage();
    http.expectOne('/api/users?page=2&pageSize=20').flush({ ...page([]), page: 2 });
  });

  it('filters by role and status', async () => {
    const role = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="filter-role"]' }));
    await role.open();
    await role.clickOptions({ text: 'Agent' });
    http.expectOne('/api/users?role=agent&page=1&pageSize=20').flush(page([SAM, GONE]));
    const status = await loader.getHarness(
      MatSelectHarness.with({ selector: '[data-testid="filter-active"]' }),
    );
    await status.open();
    await status.clickOptions({ text: 'Deactivated' });
    http.expectOne('/api/users?role=agent&active=false&page=1&pageSize=20').flush(page([]));
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('No users found');
  });

  it('creates an agent without a password: the dialog offers to send an invitation', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add user/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Add a user');
    await (await dialogInput(dialog, 'First name')).setValue('Nia');
    await (await dialogInput(dialog, 'Last name')).setValue('Newton');
    await (await dialogInput(dialog, 'E-mail')).setValue('nia@example.com');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Send invitation' }))).click();
    const create = http.expectOne((r) => r.method === 'POST' && r.url === '/api/users');
    expect(create.request.body).toEqual({
      firstName: 'Nia',
      lastName: 'Newton',
      email: 'nia@example.com',
      role: 'agent',
    });
    const nia: AdminUserResponse = {
      ...SAM,
      id: 8,
      name: 'Nia Newton',
      email: 'nia@example.com',
      openAssignedTickets: 0,
    };
    create.flush(nia);
    await fixture.whenStable();
    http.expectOne('/api/users?page=1&pageSize=20').flush(page([ADMIN, nia, SAM, GONE]));
    await fixture.whenStable();
    expect(await root.getAllHarnesses(MatDialogHarness)).toEqual([]);
    expect(await snackBar()).toBe('Invitation sent to nia@example.com.');
  });

  it('keeps the create dialog open with a taken e-mail next to its field', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add user/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await dialogInput(dialog, 'First name')).setValue('Sam');
    await (await dialogInput(dialog, 'Last name')).setValue('Again');
    await (await dialogInput(dialog, 'E-mail')).setValue('sam@example.com');
    await (await dialogInput(dialog, 'Password (optional)')).setValue('violet tuba marmalade 42');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Create user' }))).click();
    const create = http.expectOne((r) => r.method === 'POST' && r.url === '/api/users');
    expect(create.request.body).toMatchObject({ password: 'violet tuba marmalade 42' });
    create.flush(
      {
        statusCode: 409,
        message: 'An account with this e-mail already exists',
        code: ErrorCode.EmailTaken,
        errors: { email: ['An account with this e-mail already exists'] },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    const email = await formField(dialog, 'E-mail');
    expect(await email.getTextErrors()).toEqual(['An account with this e-mail already exists']);
  });

  it('edits only what changed', async () => {
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Edit Sam Support"]' }))
    ).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await (await dialogInput(dialog, 'E-mail')).getValue()).toBe('sam@example.com');
    const role = await dialog.getHarness(MatSelectHarness);
    await role.open();
    await role.clickOptions({ text: 'Admin' });
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Save changes' }))).click();
    const patch = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/users/6');
    expect(patch.request.body).toEqual({ role: 'admin' });
    patch.flush({ ...SAM, role: Role.Admin, openAssignedTickets: 0 });
    await fixture.whenStable();
    http.expectOne('/api/users?page=1&pageSize=20').flush(page([ADMIN, SAM]));
    await fixture.whenStable();
    expect(await snackBar()).toBe('Sam Support is saved.');
  });

  it('deactivates after a confirm dialog that says how many open tickets the user holds', async () => {
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Deactivate Sam Support"]' }))
    ).click();
    http
      .expectOne((r) => r.method === 'GET' && r.url === '/api/users/6')
      .flush({ ...SAM, openAssignedTickets: 3 });
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Deactivate Sam Support?');
    expect(await dialog.getContentText()).toContain('They hold 3 open tickets, which stay assigned to them');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Deactivate' }))).click();
    await fixture.whenStable();
    const patch = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/users/6');
    expect(patch.request.body).toEqual({ active: false });
    patch.flush({ ...SAM, active: false, openAssignedTickets: 3 });
    http.expectOne('/api/users?page=1&pageSize=20').flush(page([ADMIN, { ...SAM, active: false }]));
    await fixture.whenStable();
    expect(await snackBar()).toBe('Sam Support is deactivated.');
  });

  it('changes nothing when the deactivation is cancelled, and shows LAST_ADMIN in a snackbar', async () => {
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Deactivate Sam Support"]' }))
    ).click();
    http.expectOne('/api/users/6').flush({ ...SAM, openAssignedTickets: 0 });
    let dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getContentText()).toContain('They hold no open tickets.');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await fixture.whenStable();
    http.expectNone((r) => r.method === 'PATCH');

    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Deactivate Ada Admin"]' }))
    ).click();
    http.expectOne('/api/users/1').flush({ ...ADMIN, openAssignedTickets: 0 });
    dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Deactivate' }))).click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.method === 'PATCH' && r.url === '/api/users/1')
      .flush(
        {
          statusCode: 409,
          message: 'This is the last active admin: make someone else an admin first',
          code: ErrorCode.LastAdmin,
        },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(await snackBar()).toBe('This is the last active admin: make someone else an admin first');
  });

  it('reactivates without asking', async () => {
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Reactivate Gus Gone"]' }))
    ).click();
    const patch = http.expectOne('/api/users/7');
    expect(patch.request.body).toEqual({ active: true });
    patch.flush({ ...GONE, active: true, openAssignedTickets: 0 });
    http.expectOne('/api/users?page=1&pageSize=20').flush(page([ADMIN, SAM, { ...GONE, active: true }]));
    await fixture.whenStable();
    expect(await snackBar()).toBe('Gus Gone is active again.');
  });
});
