import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { MatTableHarness } from '@angular/material/table/testing';

import {
  Role,
  type WebhookDeliveryResponse,
  WebhookDeliveryStatus,
  WebhookEvent,
  type WebhookResponse,
} from '@hd/shared/domain';

import { AGENT, logInAs, testProviders } from '../../../testing/test-helpers';
import { WebhookDeliveriesComponent } from './webhook-deliveries.component';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const WEBHOOK: WebhookResponse = {
  id: 2,
  url: 'https://crm.example.com/hooks/helpdesk',
  events: [WebhookEvent.TicketCreated],
  active: false,
  includeInternalNotes: false,
  consecutiveFailures: 10,
  disabledReason: 'Switched off after 10 failed deliveries in a row',
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-22T09:00:00.000Z',
};
const DELIVERED: WebhookDeliveryResponse = {
  id: 31,
  deliveryId: '0b8f7a9e-6c1d-4c59-9a57-4b3e2f0d1c2a',
  event: WebhookEvent.TicketCreated,
  status: WebhookDeliveryStatus.Delivered,
  attempts: 1,
  lastStatusCode: 200,
  lastError: null,
  createdAt: '2026-11-22T09:55:00.000Z',
  lastAttemptAt: '2026-11-22T09:55:01.000Z',
  nextAttemptAt: null,
  deliveredAt: '2026-11-22T09:55:01.000Z',
};
const RETRYING: WebhookDeliveryResponse = {
  ...DELIVERED,
  id: 30,
  deliveryId: '7d2c9a10-1111-4c59-9a57-4b3e2f0d1c2a',
  status: WebhookDeliveryStatus.Pending,
  attempts: 3,
  lastStatusCode: 503,
  lastError: 'HTTP 503 Service Unavailable',
  createdAt: '2026-11-22T07:00:00.000Z',
  nextAttemptAt: '2026-11-22T10:30:00.000Z',
  deliveredAt: null,
};
const FAILED: WebhookDeliveryResponse = {
  ...RETRYING,
  id: 29,
  deliveryId: 'f00dfeed-2222-4c59-9a57-4b3e2f0d1c2a',
  status: WebhookDeliveryStatus.Failed,
  attempts: 12,
  lastStatusCode: null,
  lastError: 'connect ECONNREFUSED',
  createdAt: '2026-11-20T10:00:00.000Z',
  nextAttemptAt: null,
};

describe('WebhookDeliveriesComponent', () => {
  let fixture: ComponentFixture<WebhookDeliveriesComponent>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    jest.useFakeTimers({ now: NOW, advanceTimers: true });
    localStorage.clear();
    logInAs({ ...AGENT, id: 1, name: 'Ada Admin', role: Role.Admin });
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WebhookDeliveriesComponent);
    fixture.componentRef.setInput('id', '2');
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/webhooks/2').flush(WEBHOOK);
    http
      .expectOne('/api/webhooks/2/deliveries?page=1&pageSize=20')
      .flush({ items: [DELIVERED, RETRYING, FAILED], total: 45, page: 1, pageSize: 20 });
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  async function snackBar(): Promise<string> {
    return (await root.getHarness(MatSnackBarHarness)).getMessage();
  }

  it('shows the webhook and why it is off, then its deliveries, newest first', async () => {
    const page = fixture.nativeElement as HTMLElement;
    const textOf = (selector: string) => page.querySelector(selector)?.textContent?.trim();
    expect(textOf('h2')).toBe('Deliveries');
    expect(textOf('[data-testid="webhook-url"]')).toBe('https://crm.example.com/hooks/helpdesk');
    expect(textOf('.webhook-summary .status')).toBe('Switched off');
    expect(textOf('.reason')).toBe('Switched off after 10 failed deliveries in a row.');
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['createdAt'].text).toEqual([
      '5 minutes ago0b8f7a9e',
      'about 3 hours ago7d2c9a10',
      '2 days agof00dfeed',
    ]);
    expect(cells['event'].text).toEqual([
      'Ticket createdticket.created',
      'Ticket createdticket.created',
      'Ticket createdticket.created',
    ]);
    expect(cells['status'].text).toEqual(['Delivered', 'Pending', 'Failed']);
    expect(cells['attempts'].text).toEqual(['1', '3', '12']);
    expect(cells['lastStatusCode'].text).toEqual(['200', '503', '—']);
    expect(cells['lastError'].text).toEqual(['—', 'HTTP 503 Service Unavailable', 'connect ECONNREFUSED']);
    expect(cells['nextAttemptAt'].text).toEqual(['—', 'in 30 minutes', '—']);
  });

  it('pages through the deliveries and refreshes the page', async () => {
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 20 of 45');
    await paginator.goToNextPage();
    http
      .expectOne('/api/webhooks/2/deliveries?page=2&pageSize=20')
      .flush({ items: [FAILED], total: 45, page: 2, pageSize: 20 });
    await fixture.whenStable();

    await (await loader.getHarness(MatButtonHarness.with({ text: /Refresh/ }))).click();
    http.expectOne('/api/webhooks/2').flush({ ...WEBHOOK, active: true, disabledReason: null });
    http
      .expectOne('/api/webhooks/2/deliveries?page=2&pageSize=20')
      .flush({ items: [FAILED], total: 45, page: 2, pageSize: 20 });
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).not.toContain('Switched off');
  });

  it('redelivers one delivery and shows it as pending again', async () => {
    const redeliver = await loader.getHarness(
      MatButtonHarness.with({
        selector: '[aria-label^="Redeliver the ticket.created delivery of Nov 20, 2026"]',
      }),
    );
    expect(await redeliver.getText()).toBe('Redeliver');
    await redeliver.click();
    const request = http.expectOne({ method: 'POST', url: '/api/webhooks/2/deliveries/29/redeliver' });
    request.flush({ ...FAILED, status: WebhookDeliveryStatus.Pending, nextAttemptAt: NOW.toISOString() });
    await fixture.whenStable();
    expect(await snackBar()).toBe('The ticket.created delivery is queued to be sent again.');
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['status'].text).toEqual(['Delivered', 'Pending', 'Pending']);
  });

  it('says so when a redelivery fails', async () => {
    await (
      await loader.getHarness(
        MatButtonHarness.with({
          selector: '[aria-label^="Redeliver the ticket.created delivery of Nov 22, 2026, 9:55"]',
        }),
      )
    ).click();
    http
      .expectOne('/api/webhooks/2/deliveries/31/redeliver')
      .flush(
        { statusCode: 404, message: 'No such delivery of this webhook' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(await snackBar()).toBe('No such delivery of this webhook');
  });
});
