import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { type AuthResponse, Role } from '@hd/shared/domain';

import { AuthStateService, SESSION_STORAGE_KEY } from './auth-state.service';
import { authInterceptor } from './auth.interceptor';

function authResponse(accessToken: string, refreshToken: string): AuthResponse {
  return {
    accessToken,
    refreshToken,
    user: {
      id: 4,
      email: 'customer@example.com',
      firstName: 'Casey',
      lastName: 'Customer',
      name: 'Casey Customer',
      role: Role.Customer,
      active: true,
      available: false,
      createdAt: '2026-11-22T09:00:00.000Z',
    },
  };
}

describe('authInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;
  let auth: AuthStateService;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStateService);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
    jest.spyOn(router, 'url', 'get').mockReturnValue('/tickets/42');
  });

  afterEach(() => controller.verify());

  function logIn(): void {
    auth.login({ email: 'customer@example.com', password: 'customer123' }).subscribe();
    controller.expectOne('/api/auth/login').flush(authResponse('access-1', 'refresh-1'));
  }

  it('sends no token before login and never sends one to login itself', () => {
    http.get('/api/tickets').subscribe();
    expect(controller.expectOne('/api/tickets').request.headers.has('Authorization')).toBe(false);
    logIn();
  });

  it('attaches the access token to API requests after login and keeps the session in localStorage', () => {
    logIn();
    http.get('/api/tickets').subscribe();
    expect(controller.expectOne('/api/tickets').request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? '{}').refreshToken).toBe('refresh-1');
  });

  it('leaves requests outside /api alone', () => {
    logIn();
    http.get('/assets/x.json').subscribe();
    expect(controller.expectOne('/assets/x.json').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401 refreshes once, then retries the request with the new token', () => {
    logIn();
    const received: unknown[] = [];
    http.get('/api/tickets').subscribe((body) => received.push(body));
    controller
      .expectOne('/api/tickets')
      .flush({ message: 'expired' }, { status: 401, statusText: 'Unauthorized' });

    const refresh = controller.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush(authResponse('access-2', 'refresh-2'));

    const retry = controller.expectOne('/api/tickets');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ items: [] });
    expect(received).toEqual([{ items: [] }]);
    expect(auth.accessToken()).toBe('access-2');
  });

  it('shares one refresh between requests that fail together (refresh tokens rotate)', () => {
    logIn();
    http.get('/api/tickets').subscribe();
    http.get('/api/users').subscribe();
    controller.expectOne('/api/tickets').flush(null, { status: 401, statusText: 'Unauthorized' });
    controller
      .expectOne((r) => r.url === '/api/users')
      .flush(null, { status: 401, statusText: 'Unauthorized' });
    controller.expectOne('/api/auth/refresh').flush(authResponse('access-2', 'refresh-2'));
    expect(controller.expectOne('/api/tickets').request.headers.get('Authorization')).toBe('Bearer access-2');
    expect(controller.expectOne((r) => r.url === '/api/users').request.headers.get('Authorization')).toBe(
      'Bearer access-2',
    );
  });

  it('when the refresh fails, clears the session and sends the user to log in with the page remembered', () => {
    logIn();
    let failure: unknown;
    http.get('/api/tickets/42').subscribe({ error: (error: unknown) => (failure = error) });
    controller.expectOne('/api/tickets/42').flush(null, { status: 401, statusText: 'Unauthorized' });
    controller
      .expectOne('/api/auth/refresh')
      .flush({ message: 'Invalid refresh token' }, { status: 401, statusText: 'Unauthorized' });

    expect(failure).toMatchObject({ status: 401 });
    expect(auth.isLoggedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(router.navigate).toHaveBeenCalledWith(['/auth/login'], {
      queryParams: { returnUrl: '/tickets/42', expired: 1 },
    });
  });

  it('does not try to refresh a 401 from a request sent without a token', () => {
    let status = 0;
    http.get('/api/auth/me').subscribe({ error: (error: { status: number }) => (status = error.status) });
    controller.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' });
    controller.expectNone('/api/auth/refresh');
    expect(status).toBe(401);
  });

  it('passes other errors through untouched', () => {
    logIn();
    let status = 0;
    http.get('/api/tickets/9').subscribe({ error: (error: { status: number }) => (status = error.status) });
    controller
      .expectOne('/api/tickets/9')
      .flush({ message: 'Ticket 9 not found' }, { status: 404, statusText: 'Not Found' });
    controller.expectNone('/api/auth/refresh');
    expect(status).toBe(404);
  });
});

describe('AuthStateService', () => {
  let controller: HttpTestingController;
  let auth: AuthStateService;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStateService);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => controller.verify());

  it('exposes the user and whether they are staff after registering', () => {
    auth.register({ email: 'a@example.com', password: 'violet tuba marmalade', name: 'Ann' }).subscribe();
    controller.expectOne('/api/auth/register').flush(authResponse('a', 'r'));
    expect(auth.user()?.name).toBe('Casey Customer');
    expect(auth.isStaff()).toBe(false);
  });

  it('logout revokes the refresh token, forgets the session and goes to login', () => {
    auth.login({ email: 'customer@example.com', password: 'customer123' }).subscribe();
    controller.expectOne('/api/auth/login').flush(authResponse('access-1', 'refresh-1'));
    auth.logout().subscribe();
    const revoke = controller.expectOne('/api/auth/logout');
    expect(revoke.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(revoke.request.headers.get('Authorization')).toBe('Bearer access-1');
    revoke.flush(null, { status: 204, statusText: 'No Content' });
    expect(auth.isLoggedIn()).toBe(false);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/auth/login');
  });

  it('still logs out locally when the server cannot be reached', () => {
    auth.login({ email: 'customer@example.com', password: 'customer123' }).subscribe();
    controller.expectOne('/api/auth/login').flush(authResponse('access-1', 'refresh-1'));
    auth.logout().subscribe();
    controller.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
    expect(auth.isLoggedIn()).toBe(false);
  });

  it('restores a stored session on start', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(authResponse('stored', 'stored-refresh')));
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    expect(TestBed.inject(AuthStateService).accessToken()).toBe('stored');
  });
});
