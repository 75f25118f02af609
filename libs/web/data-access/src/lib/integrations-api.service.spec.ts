import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { ApiTokenScope, WebhookEvent } from '@hd/shared/domain';

import { ApiTokensApiService } from './api-tokens-api.service';
import { WebhooksApiService } from './webhooks-api.service';

describe('Integration API services', () => {
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => controller.verify());

  describe('ApiTokensApiService', () => {
    it('lists, creates and revokes the caller’s tokens under /api/users/me/api-tokens', () => {
      const tokens = TestBed.inject(ApiTokensApiService);
      tokens.list().subscribe();
      const list = controller.expectOne('/api/users/me/api-tokens');
      expect(list.request.method).toBe('GET');
      list.flush({ items: [] });

      const body = {
        name: 'CRM sync',
        scopes: [ApiTokenScope.TicketsRead],
        expiresAt: '2027-06-30T23:59:59.000Z',
      };
      tokens.create(body).subscribe();
      const create = controller.expectOne('/api/users/me/api-tokens');
      expect(create.request.method).toBe('POST');
      expect(create.request.body).toEqual(body);
      create.flush({});

      tokens.revoke(4).subscribe();
      const revoke = controller.expectOne('/api/users/me/api-tokens/4');
      expect(revoke.request.method).toBe('DELETE');
      revoke.flush(null, { status: 204, statusText: 'No Content' });
    });
  });

  describe('WebhooksApiService', () => {
    it('creates, changes and deletes webhooks under /api/webhooks', () => {
      const webhooks = TestBed.inject(WebhooksApiService);
      webhooks.list().subscribe();
      controller.expectOne({ method: 'GET', url: '/api/webhooks' }).flush({ items: [] });

      const body = { url: 'https://crm.example.com/hook', events: [WebhookEvent.TicketCreated] };
      webhooks.create(body).subscribe();
      expect(controller.expectOne({ method: 'POST', url: '/api/webhooks' }).request.body).toEqual(body);

      webhooks.update(2, { active: true }).subscribe();
      expect(controller.expectOne({ method: 'PATCH', url: '/api/webhooks/2' }).request.body).toEqual({
        active: true,
      });

      webhooks.remove(2).subscribe();
      controller.expectOne({ method: 'DELETE', url: '/api/webhooks/2' }).flush(null);
    });

    it('pages through deliveries and redelivers one', () => {
      const webhooks = TestBed.inject(WebhooksApiService);
      webhooks.deliveries(2, 3, 50).subscribe();
      const page = controller.expectOne((r) => r.url === '/api/webhooks/2/deliveries');
      expect(page.request.params.toString()).toBe('page=3&pageSize=50');
      page.flush({ items: [], total: 0, page: 3, pageSize: 50 });

      webhooks.redeliver(2, 31).subscribe();
      const redeliver = controller.expectOne('/api/webhooks/2/deliveries/31/redeliver');
      expect(redeliver.request.method).toBe('POST');
      redeliver.flush({});
    });
  });
});
