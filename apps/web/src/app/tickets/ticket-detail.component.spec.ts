import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatIconHarness } from '@angular/material/icon/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { Router } from '@angular/router';

import {
  type AttachmentResponse,
  ErrorCode,
  type ReplyResponse,
  Role,
  type TicketDetailResponse,
  type TicketHistoryEventResponse,
  TicketHistoryType,
  type TicketResponse,
  TicketStatus,
  type UserResponse,
} from '@hd/shared/domain';

import { RealtimeService } from '@hd/web/data-access';

import {
  AGENT,
  aTicket,
  CUSTOMER,
  FakeRealtimeService,
  logInAs,
  testProviders,
} from '../../testing/test-helpers';
import { SHOW_ACTIVITY_STORAGE_KEY, TicketDetailComponent } from './ticket-detail.component';

/** Later than the fixtures' `updatedAt` (09:30). */
const LATER = '2026-11-22T09:45:00.000Z';

/** A ticket as a change or the socket returns it: without the thread. */
function withoutReplies(ticket: TicketDetailResponse): TicketResponse {
  const { replies: _replies, ...rest } = ticket;
  return rest;
}

/** A message of the thread by `author`. */
function aReply(author: UserResponse, overrides: Partial<ReplyResponse> = {}): ReplyResponse {
  return {
    id: 1,
    content: 'Which browser?',
    internal: false,
    author: { id: author.id, name: author.name, role: author.role },
    createdAt: '2026-11-22T09:40:00.000Z',
    ...overrides,
  };
}

/** A file of the fixtures' ticket, sent with reply `replyId` (null: not sent with one). */
function aFile(id: number, filename: string, replyId: number | null, size = 48_213): AttachmentResponse {
  const image = filename.endsWith('.png');
  return {
    id,
    filename,
    size,
    contentType: image ? 'image/png' : 'application/pdf',
    createdAt: '2026-11-22T09:40:00.000Z',
    replyId,
    hasPreview: image,
    internal: false,
    uploadedBy: { id: CUSTOMER.id, name: CUSTOMER.name, email: CUSTOMER.email },
  };
}

/** A history event of the fixtures' ticket. */
function anEvent(
  id: number,
  at: string,
  type: TicketHistoryType,
  actor: UserResponse | null,
  details: Partial<TicketHistoryEventResponse> = {},
): TicketHistoryEventResponse {
  return {
    id,
    at,
    actor: actor && { id: actor.id, name: actor.name, role: actor.role },
    system: !actor,
    type,
    ...details,
  };
}

describe('TicketDetailComponent', () => {
  let fixture: ComponentFixture<TicketDetailComponent>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let realtime: FakeRealtimeService;

  async function open(
    user: UserResponse,
    ticket: TicketDetailResponse | 404,
    { param = '5', history = [] as TicketHistoryEventResponse[] } = {},
  ): Promise<void> {
    logInAs(user);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(RealtimeService) as unknown as FakeRealtimeService;
    fixture = TestBed.createComponent(TicketDetailComponent);
    fixture.componentRef.setInput('id', param);
    fixture.detectChanges();
    if (user.role !== Role.Customer) {
      http.expectOne('/api/users?role=agent&active=true&pageSize=100').flush({
        items: [
          { ...AGENT, role: Role.Agent },
          { ...AGENT, id: 3, name: 'Sam Agent', email: 'agent2@example.com' },
        ],
        total: 2,
        page: 1,
        pageSize: 100,
      });
    }
    http.expectOne('/api/categories').flush({
      items: [{ id: 3, slug: 'billing', name: 'Invoices & billing', active: true, position: 2 }],
    });
    if (ticket === 404) {
      http
        .expectOne('/api/tickets/5')
        .flush({ statusCode: 404, message: 'Ticket 5 not found' }, { status: 404, statusText: 'Not Found' });
    } else if (param === '5') {
      http.expectOne('/api/tickets/5').flush(ticket);
      http.expectOne('/api/tickets/5/history').flush({ items: history });
    }
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(fixture);
  }

  /** Answers the history requests the page made after its changes and reloads. */
  function flushHistory(items: TicketHistoryEventResponse[] = []): void {
    http
      .match('/api/tickets/5/history')
      .filter((request) => !request.cancelled)
      .forEach((request) => request.flush({ items }));
  }

  function timelineTexts(): string[] {
    const items = fixture.nativeElement.querySelectorAll(
      '[data-testid="reply"] .body-text, [data-testid="activity"] .activity-text',
    );
    return Array.from(items as NodeListOf<HTMLElement>).map((el) => el.textContent?.trim() ?? '');
  }

  /** The status buttons as "<icon name> <text>", e.g. "lock Close ticket". */
  async function buttonTexts(): Promise<string[]> {
    const buttons = await loader.getAllHarnesses(
      MatButtonHarness.with({ ancestor: '[data-testid="status-actions"]' }),
    );
    return Promise.all(
      buttons.map(
        async (b) => `${await (await b.getHarness(MatIconHarness)).getName()} ${await b.getText()}`,
      ),
    );
  }

  function statusText(): string {
    return fixture.nativeElement.querySelector('.status-panel hd-status-chip').textContent;
  }

  function threadTexts(): string[] {
    const items = fixture.nativeElement.querySelectorAll('[data-testid="reply"] .body-text');
    return Array.from(items as NodeListOf<HTMLElement>).map((el) => el.textContent ?? '');
  }

  async function replyBox(): Promise<MatInputHarness> {
    return loader.getHarness(MatInputHarness.with({ selector: '[data-testid="reply-content"]' }));
  }

  beforeEach(() => localStorage.clear());

  afterEach(() => {
    flushHistory();
    http.verify();
  });

  it('offers a customer only the moves the workflow allows them (close an open ticket), plus edit and delete', async () => {
    await open(CUSTOMER, aTicket());
    expect(await buttonTexts()).toEqual(['lock Close ticket']);
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /Edit/ }))).not.toBeNull();
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /Delete/ }))).not.toBeNull();
    expect(fixture.nativeElement.textContent).toContain('An agent will pick it up soon');
  });

  it('offers a customer Reopen and Close on a resolved ticket, and no delete once it is assigned', async () => {
    await open(
      CUSTOMER,
      aTicket({
        status: TicketStatus.Resolved,
        assignee: { id: AGENT.id, name: AGENT.name, email: AGENT.email },
      }),
    );
    expect(await buttonTexts()).toEqual(['replay Reopen', 'lock Close ticket']);
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /Delete/ }))).toBeNull();
  });

  it('offers no reopen for a ticket closed more than 7 days ago', async () => {
    await open(CUSTOMER, aTicket({ status: TicketStatus.Closed, closedAt: '2020-01-01T00:00:00.000Z' }));
    expect(await buttonTexts()).toEqual([]);
    expect(fixture.nativeElement.textContent).toContain('Reopen it to reply');
    // Nor may the customer edit a closed ticket's contact details.
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /Edit contact/ }))).toBeNull();
  });

  it('offers an agent the staff moves of an in-progress ticket', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }));
    expect(await buttonTexts()).toEqual([
      'help_outline Ask customer for info',
      'check_circle Mark resolved',
      'lock Close ticket',
    ]);
  });

  it('moves the status with one request (PATCH), shows the answer and keeps the thread', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }, [aReply(AGENT)]));
    await (await loader.getHarness(MatButtonHarness.with({ text: /Mark resolved/ }))).click();
    const request = http.expectOne('/api/tickets/5/status');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ status: 'resolved' });
    const resolved = withoutReplies(
      aTicket({ status: TicketStatus.Resolved, updatedAt: LATER, resolvedAt: LATER }),
    );
    request.flush(resolved);
    await fixture.whenStable();
    expect(statusText()).toBe('Resolved');
    expect(await buttonTexts()).toEqual(['lock Close ticket']);
    expect(threadTexts()).toEqual(['Which browser?']);

    // The socket echoes the change: it is not newer than what the page shows, so nothing is fetched.
    realtime.ticketUpdated.next(resolved);
    http.expectNone('/api/tickets/5');
  });

  it('ignores the echo of its own change even when it arrives before the answer', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }));
    await (await loader.getHarness(MatButtonHarness.with({ text: /Ask customer for info/ }))).click();
    const waiting = withoutReplies(aTicket({ status: TicketStatus.WaitingOnCustomer, updatedAt: LATER }));
    realtime.ticketUpdated.next(waiting);
    http.expectNone('/api/tickets/5');
    http.expectOne('/api/tickets/5/status').flush(waiting);
    await fixture.whenStable();
    http.expectNone('/api/tickets/5');
    expect(statusText()).toBe('Waiting on customer');
  });

  it('lets an agent post an internal note, shown apart from public replies and appended without a reload', async () => {
    const note = aReply(AGENT, { content: 'Legacy plan', internal: true });
    const reply = aReply(AGENT, { id: 2 });
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }, [note, reply]));
    let items = fixture.nativeElement.querySelectorAll('[data-testid="reply"]') as NodeListOf<HTMLElement>;
    expect(Array.from(items).map((el) => el.classList.contains('internal'))).toEqual([true, false]);
    expect(items[0].textContent).toContain('Internal note · not visible to the customer');

    await (await loader.getHarness(MatSlideToggleHarness.with({ label: 'Internal note' }))).check();
    await (await replyBox()).setValue('Customer is on the legacy plan');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add internal note/ }))).click();
    const request = http.expectOne('/api/tickets/5/replies');
    expect(request.request.body).toEqual({ content: 'Customer is on the legacy plan', internal: true });
    request.flush(
      aReply(AGENT, { id: 3, content: 'Customer is on the legacy plan', internal: true, createdAt: LATER }),
    );
    await fixture.whenStable();
    items = fixture.nativeElement.querySelectorAll('[data-testid="reply"]') as NodeListOf<HTMLElement>;
    expect(Array.from(items).map((el) => el.classList.contains('internal'))).toEqual([true, false, true]);
    expect(threadTexts().at(-1)).toBe('Customer is on the legacy plan');
    expect(await (await replyBox()).getValue()).toBe('');

    // A note leaves updatedAt alone, so its socket echo (to staff) is not newer: no reload.
    realtime.ticketUpdated.next(withoutReplies(aTicket({ status: TicketStatus.InProgress })));
    http.expectNone('/api/tickets/5');
  });

  it("never offers a customer the internal-note toggle; a customer's reply ends the wait without a reload", async () => {
    await open(CUSTOMER, aTicket({ status: TicketStatus.WaitingOnCustomer }, [aReply(AGENT)]));
    expect(await loader.getHarnessOrNull(MatSlideToggleHarness.with({ label: 'Internal note' }))).toBeNull();
    await (await replyBox()).setValue('Chromium');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Send reply/ }))).click();
    const request = http.expectOne('/api/tickets/5/replies');
    expect(request.request.body).toEqual({ content: 'Chromium' });
    request.flush(aReply(CUSTOMER, { id: 2, content: 'Chromium', createdAt: LATER }));
    await fixture.whenStable();
    expect(threadTexts()).toEqual(['Which browser?', 'Chromium']);
    expect(statusText()).toBe('In progress');
    expect(await (await replyBox()).getValue()).toBe('');

    realtime.ticketUpdated.next(
      withoutReplies(aTicket({ status: TicketStatus.InProgress, updatedAt: LATER })),
    );
    http.expectNone('/api/tickets/5');
  });

  it('assigns through the assignee picker and shows the answer without a reload', async () => {
    await open(AGENT, aTicket());
    const picker = await loader.getHarness(
      MatSelectHarness.with({ selector: '[data-testid="assignee-select"]' }),
    );
    await picker.open();
    await picker.clickOptions({ text: 'Sam Agent' });
    const request = http.expectOne('/api/tickets/5/assign');
    expect(request.request.body).toEqual({ agentId: 3 });
    request.flush(
      withoutReplies(
        aTicket({
          status: TicketStatus.InProgress,
          assignee: { id: 3, name: 'Sam Agent', email: 'agent2@example.com' },
          updatedAt: LATER,
        }),
      ),
    );
    await fixture.whenStable();
    expect(await picker.getValueText()).toBe('Sam Agent');
    expect(statusText()).toBe('In progress');
  });

  it('saves an edit with one request and closes the editor', async () => {
    await open(CUSTOMER, aTicket());
    await (await loader.getHarness(MatButtonHarness.with({ text: /Edit/ }))).click();
    await (
      await loader.getHarness(MatInputHarness.with({ selector: '[formControlName="subject"]' }))
    ).setValue('  Cannot download my invoices ');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save changes' }))).click();
    const request = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/tickets/5');
    expect(request.request.body).toEqual({
      subject: 'Cannot download my invoices',
      description: 'The button does nothing.',
    });
    request.flush(withoutReplies(aTicket({ subject: 'Cannot download my invoices', updatedAt: LATER })));
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid="ticket-subject"]').textContent).toBe(
      'Cannot download my invoices',
    );
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: 'Save changes' }))).toBeNull();
  });

  it('bases the next change on the version a public reply made, even when its socket echo brings no reload', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress, version: 3 }));
    await (await replyBox()).setValue('Which browser?');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Send reply/ }))).click();
    http.expectOne('/api/tickets/5/replies').flush(aReply(AGENT, { id: 9, createdAt: LATER }));
    await fixture.whenStable();
    // The echo carries the reply's own time: not newer than the page, so nothing is fetched.
    realtime.ticketUpdated.next(
      withoutReplies(aTicket({ status: TicketStatus.InProgress, version: 4, updatedAt: LATER })),
    );
    http.expectNone('/api/tickets/5');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Mark resolved/ }))).click();
    const change = http.expectOne('/api/tickets/5/status');
    expect(change.request.headers.get('If-Match')).toBe('"5.4"');
    change.flush(withoutReplies(aTicket({ status: TicketStatus.Resolved, version: 5, updatedAt: LATER })));
    await fixture.whenStable();
    expect(statusText()).toBe('Resolved');
  });

  it('bases a change on the version it shows (If-Match), and on a 412 reloads and offers to reapply it', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress, version: 3 }));
    await (await loader.getHarness(MatButtonHarness.with({ text: /Mark resolved/ }))).click();
    const stale = http.expectOne('/api/tickets/5/status');
    expect(stale.request.headers.get('If-Match')).toBe('"5.3"');
    stale.flush(
      {
        statusCode: 412,
        message: 'The ticket changed since you loaded it; reload it and apply your change again',
      },
      { status: 412, statusText: 'Precondition Failed' },
    );
    http
      .expectOne('/api/tickets/5')
      .flush(aTicket({ status: TicketStatus.InProgress, version: 4, updatedAt: LATER }));
    await fixture.whenStable();
    const snackBar =
      await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toMatch(/changed since you loaded it/);
    await snackBar.dismissWithAction();
    const again = http.expectOne('/api/tickets/5/status');
    expect(again.request.headers.get('If-Match')).toBe('"5.4"');
    again.flush(withoutReplies(aTicket({ status: TicketStatus.Resolved, version: 5, updatedAt: LATER })));
    await fixture.whenStable();
    expect(statusText()).toBe('Resolved');
  });

  it('reloads after a failed change, as the ticket may have moved meanwhile', async () => {
    await open(CUSTOMER, aTicket({ status: TicketStatus.Resolved }));
    await (await loader.getHarness(MatButtonHarness.with({ text: /Reopen/ }))).click();
    http
      .expectOne('/api/tickets/5/status')
      .flush(
        { statusCode: 400, message: 'Cannot move a ticket from closed to reopened' },
        { status: 400, statusText: 'Bad Request' },
      );
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.Closed, updatedAt: LATER }));
    await fixture.whenStable();
    expect(statusText()).toBe('Closed');
  });

  it('deletes only after the confirm dialog says yes, then goes back to the list', async () => {
    await open(CUSTOMER, aTicket());
    const router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete/ }))).click();
    const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Delete this ticket?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.method === 'DELETE' && r.url === '/api/tickets/5')
      .flush(null, { status: 204, statusText: 'No Content' });
    expect(router.navigateByUrl).toHaveBeenCalledWith('/tickets');
  });

  it('shows the not-found page for a ticket the API hides (404)', async () => {
    await open(CUSTOMER, 404);
    expect(fixture.nativeElement.textContent).toContain('Page not found');
    expect(fixture.nativeElement.querySelector('[data-testid="ticket-subject"]')).toBeNull();
  });

  it('follows its ticket live: reloads it (thread included) on a newer ticket.updated and after a reconnect, and stops watching when it leaves', async () => {
    await open(CUSTOMER, aTicket());
    expect(realtime.watched).toEqual([5]);

    realtime.ticketUpdated.next(withoutReplies(aTicket()));
    http.expectNone('/api/tickets/5');

    realtime.ticketUpdated.next(
      withoutReplies(aTicket({ status: TicketStatus.InProgress, updatedAt: LATER })),
    );
    http
      .expectOne('/api/tickets/5')
      .flush(aTicket({ status: TicketStatus.InProgress, updatedAt: LATER }, [aReply(AGENT)]));
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.status-panel').textContent).toContain('In progress');
    expect(threadTexts()).toEqual(['Which browser?']);

    realtime.ticketUpdated.next({ ...aTicket({ updatedAt: '2026-11-22T10:00:00.000Z' }), id: 6 });
    http.expectNone('/api/tickets/5');
    realtime.reconnected.next();
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.InProgress, updatedAt: LATER }));

    fixture.destroy();
    expect(realtime.watched).toEqual([]);
  });

  it('never lets an earlier load overwrite a later one', async () => {
    await open(CUSTOMER, aTicket());
    realtime.ticketUpdated.next(withoutReplies(aTicket({ updatedAt: LATER })));
    realtime.ticketUpdated.next(withoutReplies(aTicket({ updatedAt: '2026-11-22T10:00:00.000Z' })));
    const [first, second] = http.match('/api/tickets/5');
    expect(first.cancelled).toBe(true);
    second.flush(aTicket({ status: TicketStatus.Closed, updatedAt: '2026-11-22T10:00:00.000Z' }));
    await fixture.whenStable();
    expect(statusText()).toBe('Closed');
  });

  it('opens a ticket by its number (the address e-mails link to), then follows it by id, with the number in the header and the title', async () => {
    await open(CUSTOMER, aTicket(), { param: 'tick-20261122-0005' });
    expect(realtime.watched).toEqual([]);
    http.expectOne('/api/tickets/TICK-20261122-0005').flush(aTicket());
    http.expectOne('/api/tickets/5/history').flush({ items: [] });
    await fixture.whenStable();
    expect(realtime.watched).toEqual([5]);
    expect(fixture.nativeElement.querySelector('[data-testid="ticket-number"]').textContent).toBe(
      'TICK-20261122-0005',
    );
    expect(document.title).toBe('TICK-20261122-0005 · Cannot download my invoice · Helpdesk');
    expect(fixture.nativeElement.querySelector('[data-testid="category"]').textContent).toBe(
      'Invoices & billing',
    );
  });

  it('shows the not-found page, asking nothing, for an address that is neither an id nor a ticket number', async () => {
    await open(CUSTOMER, aTicket(), { param: 'TICK-42' });
    http.expectNone((r) => r.url.startsWith('/api/tickets'));
    expect(fixture.nativeElement.textContent).toContain('Page not found');
  });

  it('interleaves the activity with the thread by time, and hides it when switched off (remembered)', async () => {
    const history = [
      anEvent(1, '2026-11-22T09:00:00.000Z', TicketHistoryType.Created, CUSTOMER),
      anEvent(2, '2026-11-22T09:35:00.000Z', TicketHistoryType.Assigned, AGENT, {
        from: null,
        to: AGENT.name,
      }),
      anEvent(3, '2026-11-22T09:35:00.000Z', TicketHistoryType.StatusChanged, AGENT, {
        from: 'open',
        to: 'in_progress',
      }),
      anEvent(4, '2026-11-22T09:40:00.000Z', TicketHistoryType.ReplyAdded, AGENT),
      anEvent(5, '2026-11-22T09:45:00.000Z', TicketHistoryType.PriorityChanged, AGENT, {
        from: 'medium',
        to: 'urgent',
      }),
      anEvent(6, '2026-11-22T09:50:00.000Z', TicketHistoryType.Edited, CUSTOMER, { field: 'subject' }),
      anEvent(7, '2026-11-22T09:55:00.000Z', TicketHistoryType.Assigned, AGENT, {
        from: AGENT.name,
        to: 'Sam Agent',
      }),
      anEvent(8, '2026-11-22T09:58:00.000Z', TicketHistoryType.StatusChanged, null, {
        from: 'waiting_on_customer',
        to: 'in_progress',
      }),
    ];
    await open(CUSTOMER, aTicket({ status: TicketStatus.InProgress }, [aReply(AGENT)]), { history });
    expect(timelineTexts()).toEqual([
      'Casey Customer opened the ticket',
      'Alex Agent took the ticket',
      'Alex Agent changed the status from Open to In progress',
      'Which browser?',
      'Alex Agent changed the priority from Medium to Urgent',
      'Casey Customer edited the subject',
      'Alex Agent reassigned it from Alex Agent to Sam Agent',
      'The helpdesk changed the status from Waiting on customer to In progress',
    ]);

    const toggle = await loader.getHarness(MatSlideToggleHarness.with({ label: 'Show activity' }));
    await toggle.uncheck();
    expect(timelineTexts()).toEqual(['Which browser?']);
    expect(localStorage.getItem(SHOW_ACTIVITY_STORAGE_KEY)).toBe('false');
  });

  it('fetches the history again after a change of its own', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }));
    await (await loader.getHarness(MatButtonHarness.with({ text: /Mark resolved/ }))).click();
    http
      .expectOne('/api/tickets/5/status')
      .flush(withoutReplies(aTicket({ status: TicketStatus.Resolved, updatedAt: LATER })));
    http.expectOne('/api/tickets/5/history').flush({
      items: [
        anEvent(9, LATER, TicketHistoryType.StatusChanged, AGENT, { from: 'in_progress', to: 'resolved' }),
      ],
    });
    await fixture.whenStable();
    expect(timelineTexts()).toEqual(['Alex Agent changed the status from In progress to Resolved']);
  });

  it('lets the owner edit the contact number and affected item, with the server’s objection next to its field', async () => {
    await open(CUSTOMER, aTicket({ affectedItem: 'Invoice PDF export' }));
    expect(fixture.nativeElement.querySelector('[data-testid="contact-number"]').textContent).toContain(
      'None',
    );
    await (await loader.getHarness(MatButtonHarness.with({ text: /Edit contact number/ }))).click();
    const number = await loader.getHarness(
      MatInputHarness.with({ selector: '[data-testid="contact-number-input"]' }),
    );
    const item = await loader.getHarness(
      MatInputHarness.with({ selector: '[data-testid="affected-item-input"]' }),
    );
    expect(await item.getValue()).toBe('Invoice PDF export');
    await number.setValue('12');
    await item.setValue('  ');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    const refused = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/tickets/5');
    expect(refused.request.body).toEqual({ contactNumber: '12', affectedItem: null });
    refused.flush(
      {
        statusCode: 400,
        message: 'Invalid contact number',
        code: ErrorCode.InvalidContactNumber,
        errors: { contactNumber: ['Enter a phone number in international form, like +44 20 7183 8750'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    http.expectOne('/api/tickets/5').flush(aTicket({ affectedItem: 'Invoice PDF export' }));
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.contact-form mat-error').textContent).toContain(
      'international form',
    );

    await number.setValue('+44 20 7183 8750');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    const saved = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/tickets/5');
    expect(saved.request.body).toEqual({ contactNumber: '+44 20 7183 8750', affectedItem: null });
    saved.flush(withoutReplies(aTicket({ contactNumber: '+442071838750', updatedAt: LATER })));
    await fixture.whenStable();
    const link = fixture.nativeElement.querySelector('[data-testid="contact-number"] a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('tel:+442071838750');
    expect(fixture.nativeElement.querySelector('[data-testid="affected-item"]').textContent).toContain(
      'None',
    );
  });

  it('lists the files of each message with previews fetched with the token, the unsent ones under the ticket, and downloads them', async () => {
    let objectUrls = 0;
    URL.createObjectURL = jest.fn(() => `blob:file-${++objectUrls}`);
    URL.revokeObjectURL = jest.fn();
    const screenshot = aFile(12, 'screenshot.png', 1);
    const invoice = aFile(13, 'invoice.pdf', null, 2_500_000);
    await open(
      CUSTOMER,
      aTicket({ attachments: [screenshot, invoice] }, [aReply(CUSTOMER, { attachments: [screenshot] })]),
    );
    const preview = http.expectOne('/api/attachments/12/preview');
    expect(preview.request.headers.get('Authorization')).toBe(`Bearer token-${CUSTOMER.id}`);
    expect(preview.request.responseType).toBe('blob');
    preview.flush(new Blob(['png']));
    await fixture.whenStable();

    const reply = fixture.nativeElement.querySelector('[data-testid="reply"]') as HTMLElement;
    const image = reply.querySelector('hd-attachment-image img') as HTMLImageElement;
    expect(image.alt).toBe('screenshot.png');
    expect(image.getAttribute('src')).toBe('blob:file-1');
    expect(reply.querySelector('[aria-label="Download screenshot.png"]')).not.toBeNull();
    expect(reply.textContent).toContain('47.1 kB');

    const ticketFiles = fixture.nativeElement.querySelector('[aria-label="Attachments of the ticket"]');
    expect(ticketFiles.textContent).toContain('invoice.pdf');
    expect(ticketFiles.textContent).toContain('2.4 MB');
    expect(ticketFiles.textContent).not.toContain('screenshot.png');

    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('invoice.pdf');
      expect(this.href).toBe('blob:file-2');
    });
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Download invoice.pdf"]' }))
    ).click();
    http.expectOne('/api/attachments/13').flush(new Blob(['%PDF']));
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });
});
