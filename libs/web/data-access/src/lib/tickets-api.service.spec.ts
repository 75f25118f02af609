import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { TicketPriority, TicketStatus } from '@hd/shared/domain';

import { apiErrorCode, apiErrorMessage, apiFieldErrors } from './api-error';
import { RepliesApiService } from './replies-api.service';
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

  describe('UsersApiService', () => {
    it('lists agents (and admins) for the assignee picker', () => {
      let names: string[] = [];
      TestBed.inject(UsersApiService)
        .listAgents()
        .subscribe((agents) => (names = agents.map((a) => a.name)));
      controller
        .expectOne('/api/users?role=agent')
        .flush([{ id: 2, name: 'Alex Agent', email: 'agent@example.com', role: 'agent' }]);
      expect(names).toEqual(['Alex Agent']);
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
