import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, provideRouter, Router, RouterStateSnapshot, UrlTree } from '@angular/router';

import { Action, Role } from '@hd/shared/domain';

import { SESSION_STORAGE_KEY } from './auth-state.service';
import { authGuard } from './auth.guards';
import { guestGuard } from './guest.guard';
import { permissionGuard } from './permission.guard';

function setUp(role: Role | null): void {
  localStorage.clear();
  if (role) {
    const user = { id: 1, email: 'x@example.com', name: 'X', role, active: true, createdAt: '' };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ user, accessToken: 'a', refreshToken: 'r' }));
  }
  TestBed.configureTestingModule({
    providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
  });
}

function run(guard: typeof authGuard, url: string): boolean | string {
  const result = TestBed.runInInjectionContext(() =>
    guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
  );
  return result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : (result as boolean);
}

describe('route guards', () => {
  it('authGuard sends a logged-out user to log in, remembering the page', () => {
    setUp(null);
    expect(run(authGuard, '/tickets/42')).toBe('/auth/login?returnUrl=%2Ftickets%2F42');
  });

  it('authGuard lets a logged-in user through', () => {
    setUp(Role.Customer);
    expect(run(authGuard, '/tickets/42')).toBe(true);
  });

  it('guestGuard sends a logged-in user home from the login page', () => {
    setUp(Role.Agent);
    expect(run(guestGuard, '/auth/login')).toBe('/');
  });

  it.each([
    [Role.Agent, true],
    [Role.Admin, true],
    [Role.Customer, '/'],
  ])('permissionGuard(WorkQueue) for a %s: %s', (role, expected) => {
    setUp(role);
    expect(run(permissionGuard(Action.WorkQueue), '/queue')).toBe(expected);
  });

  it.each([
    [Role.Customer, true],
    [Role.Agent, '/'],
    [Role.Admin, '/'],
  ])('permissionGuard(UseCustomerPortal) for a %s: %s', (role, expected) => {
    setUp(role);
    expect(run(permissionGuard(Action.UseCustomerPortal), '/tickets/new')).toBe(expected);
  });

  it('permissionGuard sends a logged-out user to log in with the page remembered', () => {
    setUp(null);
    expect(run(permissionGuard(Action.UseCustomerPortal), '/tickets?status=open')).toBe(
      '/auth/login?returnUrl=%2Ftickets%3Fstatus%3Dopen',
    );
  });
});
