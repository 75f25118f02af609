import { Clipboard } from '@angular/cdk/clipboard';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import {
  type CreatedWebhookResponse,
  ErrorCode,
  Role,
  WebhookEvent,
  type WebhookResponse,
} from '@hd/shared/domain';

import { AGENT, formField, inputIn, logInAs, testProviders } from '../../../testing/test-helpers';
import { AdminWebhooksComponent } from './admin-webhooks.component';

const URL = '/api/webhooks';
const CRM: WebhookResponse = {
  id: 2,
  url: 'https://crm.example.com/hooks/helpdesk',
  events: [WebhookEvent.TicketCreated, WebhookEvent.ReplyCreated],
  active: true,
  includeInternalNotes: false,
  consecutiveFailures: 0,
  disabledReason: null,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
};
const BROKEN: WebhookResponse = {
  ...CRM,
  id: 1,
  url: 'https://old.example.com/hook',
  events: [WebhookEvent.TicketStatusChanged],
  active: false,
  includeInternalNotes: true,
  consecutiveFailures: 10,
  disabledReason: 'Switched off after 10 failed deliveries in a row',
};

describe('AdminWebhooksComponent', () => {
  let fixture: ComponentFixture<AdminWebhooksComponent>;
  let loader: HarnessLoader;
  let root: HarnessLoader;
  let http: HttpTestingController;
  const copy = jest.fn<boolean, [string]>(() => true);

  beforeEach(async () => {
    localStorage.clear();
    logInAs({ ...AGENT, id: 1, name: 'Ada Admin', role: Role.Admin });
    TestBed.configureTestingModule({
      providers: [...testProviders(), { provide: Clipboard, useValue: { copy } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminWebhooksComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    root = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    http.expectOne(URL).flush({ items: [CRM, BROKEN] });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  /** Each webhook's text, one space between the pieces a person reads apart. */
  function rows(): string[] {
    return Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="webhook-row"]'),
    ).map((row) => {
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      const words: string[] = [];
      while (walker.nextNode()) words.push(walker.currentNode.textContent?.trim() ?? '');
      return words.filter(Boolean).join(' ').replace(/\s+/g, ' ');
    });
  }

  async function snackBar(): Promise<string> {
    return (await root.getHarness(MatSnackBarHarness)).getMessage();
  }

  function button(label: string): Promise<MatButtonHarness> {
    return loader.getHarness(MatButtonHarness.with({ selector: `[aria-label="${label}"]` }));
  }

  async function tick(dialog: MatDialogHarness, label: RegExp): Promise<void> {
    await (await dialog.getHarness(MatCheckboxHarness.with({ label }))).check();
  }

  it('lists each webhook with its events, status, failures and why it was switched off', () => {
    expect(rows()).toEqual([
      'https://crm.example.com/hooks/helpdesk On Ticket created ticket.created Reply added reply.created No failures Deliveries',
      'https://old.example.com/hook Switched off Status changed ticket.status_changed 10 failed deliveries in a row Includes internal notes Switched off after 10 failed deliveries in a row. Deliveries Turn on',
    ]);
    const links = (fixture.nativeElement as HTMLElement).querySelectorAll('a[aria-label^="Deliveries to"]');
    expect(Array.from(links).map((a) => a.getAttribute('href'))).toEqual(['/2', '/1']);
  });

  it('adds a webhook and shows its signing secret once, with a copy button', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add webhook/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Add a webhook');
    await (await inputIn(dialog, 'URL')).setValue(' https://hooks.example.com/x ');
    await tick(dialog, /Ticket created/);
    await tick(dialog, /Status changed/);
    await (await dialog.getHarness(MatSlideToggleHarness.with({ label: /Include internal notes/ }))).check();
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add webhook' }))).click();

    const create = http.expectOne({ method: 'POST', url: URL });
    expect(create.request.body).toEqual({
      url: 'https://hooks.example.com/x',
      events: [WebhookEvent.TicketCreated, WebhookEvent.TicketStatusChanged],
      includeInternalNotes: true,
    });
    const created: CreatedWebhookResponse = {
      ...CRM,
      id: 3,
      url: 'https://hooks.example.com/x',
      events: [WebhookEvent.TicketCreated, WebhookEvent.TicketStatusChanged],
      includeInternalNotes: true,
      secret: 'whsec_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg',
    };
    create.flush(created);
    await fixture.whenStable();

    expect(await dialog.getTitleText()).toBe('Webhook created');
    expect(await dialog.getContentText()).toContain('Copy it now: it will not be shown again.');
    const secret = await inputIn(dialog, 'Signing secret');
    expect(await secret.getValue()).toBe(created.secret);
    expect(await secret.isFocused()).toBe(true);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Copy' }))).click();
    expect(copy).toHaveBeenCalledWith(created.secret);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Done' }))).click();
    await fixture.whenStable();

    expect(await root.getAllHarnesses(MatDialogHarness)).toEqual([]);
    expect(await snackBar()).toBe('Webhook to https://hooks.example.com/x added.');
    expect(rows()[0]).toMatch(/^https:\/\/hooks\.example\.com\/x On/);
    expect((fixture.nativeElement as HTMLElement).textContent).not.toContain(created.secret);
  });

  it('sends the secret typed in, and refuses a form without URL or event before asking', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add webhook/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await inputIn(dialog, 'URL')).setValue('ftp://files.example.com');
    await (await inputIn(dialog, 'Signing secret (optional)')).setValue('too short');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add webhook' }))).click();
    expect(await (await formField(dialog, 'URL')).getTextErrors()).toEqual([
      'Enter an http:// or https:// URL',
    ]);
    expect(await (await formField(dialog, 'Signing secret (optional)')).getTextErrors()).toEqual([
      '16 to 200 characters',
    ]);
    expect(await dialog.getContentText()).toContain('Choose at least one event');
    http.expectNone({ method: 'POST', url: URL });

    await (await inputIn(dialog, 'URL')).setValue('https://hooks.example.com/x');
    await (await inputIn(dialog, 'Signing secret (optional)')).setValue('a-secret-of-our-own-choosing');
    await tick(dialog, /Reply added/);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add webhook' }))).click();
    expect(http.expectOne({ method: 'POST', url: URL }).request.body).toEqual({
      url: 'https://hooks.example.com/x',
      events: [WebhookEvent.ReplyCreated],
      includeInternalNotes: false,
      secret: 'a-secret-of-our-own-choosing',
    });
  });

  it('shows WEBHOOK_URL_FORBIDDEN under the URL and in a snackbar, keeping the dialog open', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add webhook/ }))).click();
    const dialog = await root.getHarness(MatDialogHarness);
    await (await inputIn(dialog, 'URL')).setValue('http://10.0.0.5/hook');
    await tick(dialog, /Ticket created/);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Add webhook' }))).click();
    http.expectOne({ method: 'POST', url: URL }).flush(
      {
        statusCode: 400,
        message:
          'Webhook URL not allowed: 10.0.0.5 is a private address; list the host in WEBHOOK_ALLOW_HOSTS to allow it',
        code: ErrorCode.WebhookUrlForbidden,
        errors: { url: ['must reach a public address'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(await dialog.getTitleText()).toBe('Add a webhook');
    expect(await (await formField(dialog, 'URL')).getTextErrors()).toEqual(['must reach a public address']);
    expect(await snackBar()).toBe(
      'Webhook URL not allowed: 10.0.0.5 is a private address; list the host in WEBHOOK_ALLOW_HOSTS to allow it',
    );
  });

  it('edits only what changed, and turns a switched-off webhook back on', async () => {
    await (await button('Edit the webhook to https://old.example.com/hook')).click();
    const dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Edit webhook');
    expect(await dialog.getContentText()).toContain(
      'Switched off after 10 failed deliveries in a row. Turning it on again resets its failure count.',
    );
    await tick(dialog, /Ticket assigned/);
    await (
      await dialog.getHarness(MatSlideToggleHarness.with({ label: /On \(receives deliveries\)/ }))
    ).check();
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Save changes' }))).click();
    const patch = http.expectOne({ method: 'PATCH', url: `${URL}/1` });
    expect(patch.request.body).toEqual({
      events: [WebhookEvent.TicketStatusChanged, WebhookEvent.TicketAssigned],
      active: true,
    });
    patch.flush({
      ...BROKEN,
      events: [WebhookEvent.TicketStatusChanged, WebhookEvent.TicketAssigned],
      active: true,
      consecutiveFailures: 0,
      disabledReason: null,
    });
    await fixture.whenStable();
    expect(await snackBar()).toBe('Webhook to https://old.example.com/hook saved.');
    expect(rows()[1]).toMatch(/^https:\/\/old\.example\.com\/hook On .* No failures/);
  });

  it('turns a webhook that is off back on with one click', async () => {
    await (await button('Turn on the webhook to https://old.example.com/hook')).click();
    const patch = http.expectOne({ method: 'PATCH', url: `${URL}/1` });
    expect(patch.request.body).toEqual({ active: true });
    patch.flush({ ...BROKEN, active: true, consecutiveFailures: 0, disabledReason: null });
    await fixture.whenStable();
    expect(await snackBar()).toBe('Webhook to https://old.example.com/hook is on again.');
    expect(rows()[1]).not.toContain('Turn on');
  });

  it('deletes a webhook after confirming, and says so when it fails', async () => {
    await (await button('Delete the webhook to https://crm.example.com/hooks/helpdesk')).click();
    let dialog = await root.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete this webhook?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    await fixture.whenStable();
    http
      .expectOne({ method: 'DELETE', url: `${URL}/2` })
      .flush(
        { statusCode: 404, message: 'No webhook with this id' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(await snackBar()).toBe('No webhook with this id');
    expect(rows()).toHaveLength(2);

    await (await button('Delete the webhook to https://crm.example.com/hooks/helpdesk')).click();
    dialog = await root.getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    await fixture.whenStable();
    http
      .expectOne({ method: 'DELETE', url: `${URL}/2` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(await snackBar()).toBe('Webhook to https://crm.example.com/hooks/helpdesk deleted.');
    expect(rows()).toHaveLength(1);
  });
});
