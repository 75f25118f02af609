import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { Role, TicketPriority, TicketStatus } from '@hd/shared/domain';

import { apiErrorCode, apiErrorMessage, apiFieldErrors } from './api-error';
import { AuditApiService } from './audit-api.service';
import { CategoriesApiService } from './categories-api.service';
import { CategoriesStateService } from './categories-state.service';
import { PasswordResetApiService } from './password-reset-api.service';
import { ProfileApiService } from './profile-api.service';
import { RepliesApiService } from './replies-api.service';
import { TicketHistoryApiService } from './ticket-history-api.service';
import { TicketsApiService } from './tickets-api.service';
import { UsersApiService } from './users-api.service';

describe('API services', () => {
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => controller.verify());

  describe('TicketsApiService', () => {
    it('sends only the filters that are set, statuses as one comma list', () => {
      TestBed.inject(TicketsApiService)
        .list({
          status: [TicketStatus.Open, TicketStatus.Reopened],
          priority: null,
          q: '  invoice ',
          unassigned: true,
          sort: '-priority',
          page: 2,
          pageSize: 10,
        })
        .subscribe();
      const request = controller.expectOne((r) => r.url === '/api/tickets');
      expect(request.request.method).toBe('GET');
      expect(request.request.params.toString()).toBe(
        'status=open,reopened&unassigned=true&q=invoice&sort=-priority&page=2&pageSize=10',
      );
      request.flush({ items: [], total: 0, page: 2, pageSize: 10 });
    });

    it('counts tickets per status under the search, from one request', () => {
      let total = -1;
      TestBed.inject(TicketsApiService)
        .counts({ q: 'invoice' })
        .subscribe((result) => (total = result.total));
      controller.expectOne('/api/tickets/counts?q=invoice').flush({ counts: { open: 2 }, total: 2 });
      expect(total).toBe(2);
    });

    it('reads a ticket by id or by number, and filters by affected item', () => {
      const tickets = TestBed.inject(TicketsApiService);
      tickets.get(5).subscribe();
      tickets.get('TICK-20261126-0001').subscribe();
      tickets.list({ affectedItem: ' Invoice PDF ', category: 'billing' }).subscribe();
      controller.expectOne('/api/tickets/5').flush({});
      controller.expectOne('/api/tickets/TICK-20261126-0001').flush({});
      controller
        .expectOne('/api/tickets?category=billing&affectedItem=Invoice%20PDF')
        .flush({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('asks for one agent’s tickets by id', () => {
      TestBed.inject(TicketsApiService).list({ assigneeId: 7 }).subscribe();
      controller.expectOne('/api/tickets?assigneeId=7').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('assigns the caller with an empty body, an agent by id, and unassigns with null', () => {
      const tickets = TestBed.inject(TicketsApiService);
      tickets.assign(3).subscribe();
      tickets.assign(3, 8).subscribe();
      tickets.assign(3, null).subscribe();
      const requests = controller.match('/api/tickets/3/assign');
      expect(requests.map((r) => r.request.body)).toEqual([{}, { agentId: 8 }, { agentId: null }]);
      requests.forEach((r) => r.flush({}));
    });

    it('moves a ticket with PATCH /status and edits it with PATCH', () => {
      const tickets = TestBed.inject(TicketsApiService);
      tickets.changeStatus(5, TicketStatus.Resolved).subscribe();
      tickets.update(5, { priority: TicketPriority.Urgent }).subscribe();
      tickets.remove(5).subscribe();
      const status = controller.expectOne('/api/tickets/5/status');
      expect([status.request.method, status.request.body]).toEqual(['PATCH', { status: 'resolved' }]);
      status.flush({});
      const edit = controller.expectOne((r) => r.url === '/api/tickets/5' && r.method === 'PATCH');
      expect(edit.request.body).toEqual({ priority: 'urgent' });
      edit.flush({});
      controller
        .expectOne((r) => r.url === '/api/tickets/5' && r.method === 'DELETE')
        .flush(null, { status: 204, statusText: 'No Content' });
    });
  });

  describe('RepliesApiService', () => {
    it('posts an internal note with internal: true', () => {
      TestBed.inject(RepliesApiService).create(2, { content: 'Legacy plan', internal: true }).subscribe();
      const request = controller.expectOne('/api/tickets/2/replies');
      expect(request.request.body).toEqual({ content: 'Legacy plan', internal: true });
      request.flush({});
    });
  });

  describe('TicketHistoryApiService', () => {
    it('reads a ticket’s history', () => {
      TestBed.inject(TicketHistoryApiService).list(5).subscribe();
      controller.expectOne('/api/tickets/5/history').flush({ items: [] });
    });
  });

  describe('UsersApiService', () => {
    it('lists the active agents (and admins) for the assignee picker, from one page', () => {
      let names: string[] = [];
      TestBed.inject(UsersApiService)
        .listAgents()
        .subscribe((agents) => (names = agents.map((a) => a.name)));
      controller.expectOne('/api/users?role=agent&active=true&pageSize=100').flush({
        items: [{ id: 2, name: 'Alex Agent', email: 'agent@example.com', role: 'agent' }],
        total: 1,
        page: 1,
        pageSize: 100,
      });
      expect(names).toEqual(['Alex Agent']);
    });

    it('pages, filters and searches users; creates, reads and changes one', () => {
      const users = TestBed.inject(UsersApiService);
      users.list({ role: Role.Admin, active: false, q: ' ada ', page: 2, pageSize: 10 }).subscribe();
      users.list({ role: null, active: null, q: '' }).subscribe();
      users
        .create({ email: 'sam@example.com', firstName: 'Sam', lastName: 'Support', role: Role.Agent })
        .subscribe();
      users.get(6).subscribe();
      users.update(6, { active: false }).subscribe();
      controller
        .expectOne('/api/users?role=admin&active=false&q=ada&page=2&pageSize=10')
        .flush({ items: [], total: 0, page: 2, pageSize: 10 });
      controller
        .expectOne((r) => r.method === 'GET' && r.urlWithParams === '/api/users')
        .flush({ items: [], total: 0, page: 1, pageSize: 20 });
      const create = controller.expectOne((r) => r.method === 'POST' && r.url === '/api/users');
      expect(create.request.body).toEqual({
        email: 'sam@example.com',
        firstName: 'Sam',
        lastName: 'Support',
        role: 'agent',
      });
      create.flush({});
      controller.expectOne((r) => r.method === 'GET' && r.url === '/api/users/6').flush({});
      const patch = controller.expectOne((r) => r.method === 'PATCH' && r.url === '/api/users/6');
      expect(patch.request.body).toEqual({ active: false });
      patch.flush({});
    });
  });

  describe('ProfileApiService and PasswordResetApiService', () => {
    it('read and change one’s names and password, and ask for and confirm a reset', () => {
      const profile = TestBed.inject(ProfileApiService);
      const reset = TestBed.inject(PasswordResetApiService);
      profile.get().subscribe();
      profile.update({ firstName: 'Casey', lastName: 'Smith' }).subscribe();
      profile.changePassword({ currentPassword: 'old', newPassword: 'new one' }).subscribe();
      reset.request('casey@example.com').subscribe();
      reset.confirm({ token: 't', newPassword: 'violet tuba' }).subscribe();
      controller.expectOne((r) => r.method === 'GET' && r.url === '/api/users/me').flush({});
      const patch = controller.expectOne((r) => r.method === 'PATCH' && r.url === '/api/users/me');
      expect(patch.request.body).toEqual({ firstName: 'Casey', lastName: 'Smith' });
      patch.flush({});
      controller.expectOne('/api/users/me/password').flush(null, { status: 204, statusText: 'No Content' });
      expect(controller.expectOne('/api/auth/password-reset').request.body).toEqual({
        email: 'casey@example.com',
      });
      expect(controller.expectOne('/api/auth/password-reset/confirm').request.body).toEqual({
        token: 't',
        newPassword: 'violet tuba',
      });
    });
  });

  describe('categories and audit', () => {
    const billing = { id: 3, slug: 'billing', name: 'Invoices', active: true, position: 2 };

    it('add, change and list categories, and page the audit log', () => {
      TestBed.inject(CategoriesApiService).create({ name: 'Returns' }).subscribe();
      TestBed.inject(CategoriesApiService).update(3, { position: 0 }).subscribe();
      TestBed.inject(AuditApiService).list(2, 50).subscribe();
      expect(controller.expectOne((r) => r.method === 'POST').request.body).toEqual({ name: 'Returns' });
      expect(controller.expectOne('/api/categories/3').request.body).toEqual({ position: 0 });
      controller
        .expectOne('/api/audit?page=2&pageSize=50')
        .flush({ items: [], total: 0, page: 2, pageSize: 50 });
    });

    it('CategoriesStateService fetches once, shares the answer and names categories', () => {
      const state = TestBed.inject(CategoriesStateService);
      let received = 0;
      state.load().subscribe(() => received++);
      state.load().subscribe(() => received++);
      expect(state.label('billing')).toBe('Billing');
      controller.expectOne('/api/categories').flush({ items: [billing] });
      state.load().subscribe(() => received++);
      controller.expectNone('/api/categories');
      expect(received).toBe(3);
      expect(state.label('billing')).toBe('Invoices');
      expect(state.label('returns')).toBe('returns');
    });

    it('CategoriesStateService tries again after a failed load', () => {
      const state = TestBed.inject(CategoriesStateService);
      state.load().subscribe({ error: () => undefined });
      controller.expectOne('/api/categories').flush({}, { status: 500, statusText: 'Error' });
      state.load().subscribe();
      controller.expectOne('/api/categories').flush({ items: [billing] });
      expect(state.categories()).toEqual([billing]);
    });
  });
});

describe('api-error helpers', () => {
  const conflict = new HttpErrorResponse({
    status: 409,
    error: {
      statusCode: 409,
      error: 'Conflict',
      message: 'Email already registered',
      code: 'EMAIL_TAKEN',
      errors: { email: ['Email already registered'] },
    },
  });

  it('read the server’s message, code and field errors', () => {
    expect(apiErrorMessage(conflict)).toBe('Email already registered');
    expect(apiErrorCode(conflict)).toBe('EMAIL_TAKEN');
    expect(apiFieldErrors(conflict)).toEqual({ email: ['Email already registered'] });
  });

  it('explain a request that never reached the server, and fall back otherwise', () => {
    expect(apiErrorMessage(new HttpErrorResponse({ status: 0 }))).toMatch(/Cannot reach the server/);
    expect(apiErrorMessage(new Error('boom'), 'Could not load.')).toBe('Could not load.');
    expect(apiFieldErrors(new Error('boom'))).toEqual({});
  });
});
