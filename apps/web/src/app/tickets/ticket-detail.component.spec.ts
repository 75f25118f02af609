import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSlideToggleHarness } from '@angular/material/slide-toggle/testing';
import { Router } from '@angular/router';

import { Role, type TicketDetailResponse, TicketStatus, type UserResponse } from '@hd/shared/domain';

import { RealtimeService } from '@hd/web/data-access';

import {
  AGENT,
  aTicket,
  CUSTOMER,
  FakeRealtimeService,
  logInAs,
  testProviders,
} from '../../testing/test-helpers';
import { TicketDetailComponent } from './ticket-detail.component';

describe('TicketDetailComponent', () => {
  let fixture: ComponentFixture<TicketDetailComponent>;
  let http: HttpTestingController;
  let loader: HarnessLoader;

  async function open(user: UserResponse, ticket: TicketDetailResponse | 404): Promise<void> {
    localStorage.clear();
    logInAs(user);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TicketDetailComponent);
    fixture.componentRef.setInput('id', '5');
    fixture.detectChanges();
    if (user.role !== Role.Customer) {
      http.expectOne('/api/users?role=agent').flush([
        { id: AGENT.id, name: AGENT.name, email: AGENT.email, role: Role.Agent },
        { id: 3, name: 'Sam Agent', email: 'agent2@example.com', role: Role.Agent },
      ]);
    }
    const request = http.expectOne('/api/tickets/5');
    if (ticket === 404)
      request.flush(
        { statusCode: 404, message: 'Ticket 5 not found' },
        { status: 404, statusText: 'Not Found' },
      );
    else request.flush(ticket);
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(fixture);
  }

  async function buttonTexts(): Promise<string[]> {
    const buttons = await loader.getAllHarnesses(
      MatButtonHarness.with({ ancestor: '[data-testid="status-actions"]' }),
    );
    return Promise.all(buttons.map((b) => b.getText()));
  }

  afterEach(() => http.verify());

  it('offers a customer only the moves the workflow allows them (close an open ticket), plus edit and delete', async () => {
    await open(CUSTOMER, aTicket());
    expect(await buttonTexts()).toEqual(['lockClose ticket']);
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
    expect(await buttonTexts()).toEqual(['replayReopen', 'lockClose ticket']);
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /Delete/ }))).toBeNull();
  });

  it('offers no reopen for a ticket closed more than 7 days ago', async () => {
    await open(CUSTOMER, aTicket({ status: TicketStatus.Closed, closedAt: '2020-01-01T00:00:00.000Z' }));
    expect(await buttonTexts()).toEqual([]);
    expect(fixture.nativeElement.textContent).toContain('Reopen it to reply');
  });

  it('offers an agent the staff moves of an in-progress ticket', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }));
    expect(await buttonTexts()).toEqual([
      'help_outlineAsk customer for info',
      'check_circleMark resolved',
      'lockClose ticket',
    ]);
  });

  it('moves the status, then reloads the ticket', async () => {
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }));
    await (await loader.getHarness(MatButtonHarness.with({ text: /Mark resolved/ }))).click();
    const request = http.expectOne('/api/tickets/5/status');
    expect(request.request.body).toEqual({ status: 'resolved' });
    request.flush({});
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.Resolved }));
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.status-panel hd-status-chip').textContent).toBe('Resolved');
  });

  it('lets an agent post an internal note, shown apart from public replies', async () => {
    const note = {
      id: 1,
      content: 'Legacy plan',
      internal: true,
      author: { id: AGENT.id, name: AGENT.name, role: Role.Agent },
      createdAt: '2026-11-22T09:40:00.000Z',
    };
    const reply = { ...note, id: 2, content: 'Which browser?', internal: false };
    await open(AGENT, aTicket({ status: TicketStatus.InProgress }, [note, reply]));
    const items = fixture.nativeElement.querySelectorAll('[data-testid="reply"]') as NodeListOf<HTMLElement>;
    expect(Array.from(items).map((el) => el.classList.contains('internal'))).toEqual([true, false]);
    expect(items[0].textContent).toContain('Internal note · not visible to the customer');

    await (await loader.getHarness(MatSlideToggleHarness)).check();
    await (
      await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="reply-content"]' }))
    ).setValue('Customer is on the legacy plan');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add internal note/ }))).click();
    const request = http.expectOne('/api/tickets/5/replies');
    expect(request.request.body).toEqual({ content: 'Customer is on the legacy plan', internal: true });
    request.flush({});
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.InProgress }));
  });

  it('never offers a customer the internal-note toggle and sends plain replies', async () => {
    await open(CUSTOMER, aTicket({ status: TicketStatus.WaitingOnCustomer }));
    expect(await loader.getHarnessOrNull(MatSlideToggleHarness)).toBeNull();
    await (
      await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="reply-content"]' }))
    ).setValue('Chromium');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Send reply/ }))).click();
    const request = http.expectOne('/api/tickets/5/replies');
    expect(request.request.body).toEqual({ content: 'Chromium' });
    request.flush({});
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.InProgress }));
  });

  it('assigns through the assignee picker', async () => {
    await open(AGENT, aTicket());
    const picker = await loader.getHarness(
      MatSelectHarness.with({ selector: '[data-testid="assignee-select"]' }),
    );
    await picker.open();
    await picker.clickOptions({ text: 'Sam Agent' });
    const request = http.expectOne('/api/tickets/5/assign');
    expect(request.request.body).toEqual({ agentId: 3 });
    request.flush({});
    http.expectOne('/api/tickets/5').flush(aTicket());
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

  it('follows its ticket live: reloads it (thread included) on ticket.updated and after a reconnect, and stops watching when it leaves', async () => {
    await open(CUSTOMER, aTicket());
    const realtime = TestBed.inject(RealtimeService) as unknown as FakeRealtimeService;
    expect(realtime.watched).toEqual([5]);

    realtime.ticketUpdated.next({ ...aTicket({ status: TicketStatus.InProgress }), id: 5 });
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.InProgress }));
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.status-panel').textContent).toContain('In progress');

    realtime.ticketUpdated.next({ ...aTicket(), id: 6 });
    http.expectNone('/api/tickets/5');
    realtime.reconnected.next();
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.InProgress }));

    fixture.destroy();
    expect(realtime.watched).toEqual([]);
  });
});
