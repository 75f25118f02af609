import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { type UserResponse } from '@hd/shared/domain';

import { AGENT, CUSTOMER, logInAs, testProviders } from '../../testing/test-helpers';
import { UserMenuComponent } from './user-menu.component';

describe('UserMenuComponent', () => {
  let fixture: ComponentFixture<UserMenuComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  function render(user: UserResponse): void {
    localStorage.clear();
    logInAs(user);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UserMenuComponent);
    fixture.componentRef.setInput('user', user);
    fixture.componentRef.setInput('roleLabel', 'Agent');
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
  }

  async function menuItems(): Promise<string[]> {
    const menu = await loader.getHarness(MatMenuHarness);
    await menu.open();
    return Promise.all((await menu.getItems()).map((item) => item.getText()));
  }

  afterEach(() => http.verify());

  it('switches an available agent to away with PATCH /api/users/me, says so, and refreshes the session', async () => {
    render(AGENT);
    expect(await menuItems()).toContain('Available for new tickets');
    const menu = await loader.getHarness(MatMenuHarness);
    const toggle = fixture.nativeElement.ownerDocument.querySelector('[data-testid="availability-toggle"]');
    expect(toggle.getAttribute('role')).toBe('menuitemcheckbox');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await menu.clickItem({ text: /Available for new tickets/ });

    const patch = http.expectOne('/api/users/me');
    expect([patch.request.method, patch.request.body]).toEqual(['PATCH', { available: false }]);
    patch.flush({ ...AGENT, available: false });
    http
      .expectOne('/api/auth/refresh')
      .flush({ user: { ...AGENT, available: false }, accessToken: 'a2', refreshToken: 'r2' });
    await fixture.whenStable();
    const snackBar =
      await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toBe('You are away: no new tickets will be assigned to you.');
    expect(await menuItems()).toContain('Away: no new tickets');
  });

  it('offers no availability to a customer', async () => {
    render(CUSTOMER);
    expect((await menuItems()).some((text) => /tickets/.test(text))).toBe(false);
  });
});
