import { HarnessLoader, TestKey } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpTestingController } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatAutocompleteHarness } from '@angular/material/autocomplete/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';

import {
  type CannedResponseResponse,
  type CreateReplyRequest,
  type PlaceholderValues,
  Role,
  TicketStatus,
} from '@hd/shared/domain';

import { AGENT, aTicket, CUSTOMER, logInAs, testProviders } from '../../../testing/test-helpers';
import { TicketDetailComponent } from '../ticket-detail.component';
import { matchCannedResponses } from './canned-response-picker.component';
import { insertText, ReplyBoxComponent } from './reply-box.component';

/** A canned response of the fixtures. */
function aResponse(id: number, title: string, body: string, shared = false): CannedResponseResponse {
  return {
    id,
    title,
    body,
    shared,
    owner: { id: AGENT.id, name: AGENT.name },
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
  };
}

const RESPONSES = [
  aResponse(1, 'Invoice resent', 'Hi {{customer.firstName}}, I resent the invoice for {{ticket.number}}.'),
  aResponse(2, 'Sign-off', 'Kind regards,\n{{agent.firstName}} {{agent.lastName}}', true),
  aResponse(3, 'Password reset', 'Use the link on the login page to reset your password.'),
];

const VALUES: PlaceholderValues = {
  'customer.firstName': 'Casey',
  'ticket.number': 'TICK-20261122-0005',
  'agent.firstName': 'Alex',
};

@Component({
  imports: [ReplyBoxComponent],
  template: `<hd-reply-box
    [staff]="staff()"
    [ticketId]="5"
    [placeholders]="values"
    (send)="sent.push($event)"
  />`,
})
class HostComponent {
  public readonly staff = signal(true);
  public readonly values = VALUES;
  public readonly sent: CreateReplyRequest[] = [];
}

describe('matchCannedResponses()', () => {
  it('keeps the responses holding every word typed, in the title or the text, titles first', () => {
    const titles = (query: string) => matchCannedResponses(RESPONSES, query).map((r) => r.title);
    expect(titles('')).toEqual(['Invoice resent', 'Sign-off', 'Password reset']);
    expect(titles('  INVOICE ')).toEqual(['Invoice resent']);
    expect(titles('the')).toEqual(['Invoice resent', 'Password reset']);
    const billing = [
      aResponse(7, 'Refund sent', 'About your invoice…'),
      aResponse(8, 'Invoice copy', 'Here.'),
    ];
    expect(matchCannedResponses(billing, 'invoice').map((r) => r.title)).toEqual([
      'Invoice copy',
      'Refund sent',
    ]);
    expect(titles('regards sign')).toEqual(['Sign-off']);
    expect(titles('réset passwörd')).toEqual(['Password reset']);
    expect(titles('refund')).toEqual([]);
  });
});

describe('insertText()', () => {
  it('puts the text in place of the selection and the caret after it', () => {
    expect(insertText('Hello world', 6, 11, 'there')).toEqual({ text: 'Hello there', caret: 11 });
    expect(insertText('ab', 1, 1, 'XY')).toEqual({ text: 'aXYb', caret: 3 });
  });
});

describe('ReplyBoxComponent with canned responses', () => {
  let fixture: ComponentFixture<HostComponent>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let rootLoader: HarnessLoader;

  async function create(staff = true): Promise<void> {
    logInAs(staff ? AGENT : CUSTOMER);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HostComponent);
    fixture.componentInstance.staff.set(staff);
    fixture.detectChanges();
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(fixture);
    rootLoader = TestbedHarnessEnvironment.documentRootLoader(fixture);
  }

  const reply = () => loader.getHarness(MatInputHarness.with({ selector: '[data-testid="reply-content"]' }));
  /** Types `text` at the end of the reply, key by key. */
  const typeInReply = async (text: string) => (await (await reply()).host()).sendKeys(text);
  const replyElement = (): HTMLTextAreaElement =>
    fixture.nativeElement.querySelector('[data-testid="reply-content"]');
  const search = () =>
    loader.getHarness(MatAutocompleteHarness.with({ selector: '[data-testid="canned-response-search"]' }));
  const searchElement = (): HTMLInputElement | null =>
    fixture.nativeElement.querySelector('[data-testid="canned-response-search"]');

  /** Answers the picker's request for the canned responses. */
  async function flushResponses(items = RESPONSES): Promise<void> {
    http.expectOne('/api/canned-responses').flush({ items });
    await fixture.whenStable();
  }

  async function optionTexts(): Promise<string[]> {
    const options = await (await search()).getOptions();
    return Promise.all(options.map((option) => option.getText()));
  }

  afterEach(() => http.verify());

  it('opens on a / typed at the start of the box, filters as one types, and inserts the choice filled in', async () => {
    await create();
    await typeInReply('/');
    expect(searchElement()).not.toBeNull();
    expect(document.activeElement).toBe(searchElement());
    // The slash that opened the picker is not part of the reply, nor is the empty reply flagged.
    expect(replyElement().value).toBe('');
    expect(fixture.nativeElement.querySelector('mat-error')).toBeNull();
    await flushResponses();
    expect(await optionTexts()).toEqual([
      expect.stringContaining('Invoice resent'),
      expect.stringContaining('Sign-off'),
      expect.stringContaining('Password reset'),
    ]);
    expect(await optionTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Sign-off\s*Shared/)]));

    await (await search()).enterText('invoice');
    expect(await optionTexts()).toEqual([expect.stringContaining('Invoice resent')]);
    await (await search()).selectOption({ text: /Invoice resent/ });
    await fixture.whenStable();

    expect(searchElement()).toBeNull();
    expect(await (await reply()).getValue()).toBe('Hi Casey, I resent the invoice for TICK-20261122-0005.');
    expect(document.activeElement).toBe(replyElement());
    expect(replyElement().selectionStart).toBe(replyElement().value.length);
  });

  it('opens at the start of a later line, inserts there, and leaves unknown placeholders as typed', async () => {
    await create();
    const box = await reply();
    await box.setValue('Thanks for waiting.\n');
    await typeInReply('/');
    await flushResponses();
    await (await search()).enterText('sign');
    await (await search()).selectOption({ text: /Sign-off/ });
    await fixture.whenStable();
    expect(await box.getValue()).toBe('Thanks for waiting.\nKind regards,\nAlex {{agent.lastName}}');

    // A reply with an inserted response goes out like any other.
    await (await loader.getHarness(MatButtonHarness.with({ text: /Send reply/ }))).click();
    expect(fixture.componentInstance.sent).toEqual([
      { content: 'Thanks for waiting.\nKind regards,\nAlex {{agent.lastName}}', internal: false },
    ]);
  });

  it('keeps a / typed inside a line as text', async () => {
    await create();
    await typeInReply('either/or');
    expect(searchElement()).toBeNull();
    expect(await (await reply()).getValue()).toBe('either/or');
  });

  it('gives back the / and what was searched when the picker is closed with Escape', async () => {
    await create();
    await typeInReply('/');
    await flushResponses();
    await (await search()).enterText('usr/bin');
    const input = await (await search()).host();
    await input.sendKeys(TestKey.ESCAPE);
    await fixture.whenStable();
    expect(searchElement()).toBeNull();
    expect(await (await reply()).getValue()).toBe('/usr/bin');
    expect(document.activeElement).toBe(replyElement());
  });

  it('opens from its button at the caret, replacing the selection, and says when nothing matches', async () => {
    await create();
    await (await reply()).setValue('Hello there, more soon.');
    replyElement().setSelectionRange(13, 22);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Insert canned response/ }))).click();
    await flushResponses();
    await (await search()).enterText('refund');
    expect(await optionTexts()).toEqual(['No canned response matches “refund”.']);
    await (await search()).clear();
    await (await search()).enterText('password');
    await (await search()).selectOption({ text: /Password reset/ });
    await fixture.whenStable();
    expect(await (await reply()).getValue()).toBe(
      'Hello there, Use the link on the login page to reset your password..',
    );
  });

  it('says so when there are no canned responses yet', async () => {
    await create();
    await (await loader.getHarness(MatButtonHarness.with({ text: /Insert canned response/ }))).click();
    await flushResponses([]);
    await (await search()).focus();
    expect(await optionTexts()).toEqual(['No canned responses yet.']);
  });

  it('offers customers neither the button nor the / shortcut', async () => {
    await create(false);
    expect(await loader.getHarnessOrNull(MatButtonHarness.with({ text: /canned/i }))).toBeNull();
    await typeInReply('/');
    expect(searchElement()).toBeNull();
    expect(await (await reply()).getValue()).toBe('/');
    expect(await rootLoader.getAllHarnesses(MatAutocompleteHarness)).toEqual([]);
  });
});

describe('TicketDetailComponent and canned responses', () => {
  it("fills in the ticket's customer and number and the logged-in agent", async () => {
    logInAs(AGENT);
    TestBed.configureTestingModule({ providers: testProviders() });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TicketDetailComponent);
    fixture.componentRef.setInput('id', '5');
    fixture.detectChanges();
    http.expectOne('/api/users?role=agent&active=true&pageSize=100').flush({
      items: [{ ...AGENT, role: Role.Agent }],
      total: 1,
      page: 1,
      pageSize: 100,
    });
    http.expectOne('/api/categories').flush({ items: [] });
    http.expectOne('/api/tickets/5').flush(aTicket({ status: TicketStatus.InProgress }));
    http.expectOne('/api/tickets/5/history').flush({ items: [] });
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);

    const box = await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="reply-content"]' }));
    await (await box.host()).sendKeys('/');
    http.expectOne('/api/canned-responses').flush({
      items: [
        aResponse(1, 'Greeting', 'Hi {{customer.firstName}} ({{ticket.number}}), {{agent.firstName}} here.'),
      ],
    });
    await fixture.whenStable();
    const search = await loader.getHarness(
      MatAutocompleteHarness.with({ selector: '[data-testid="canned-response-search"]' }),
    );
    await search.focus();
    await search.selectOption({ text: /Greeting/ });
    await fixture.whenStable();
    expect(await box.getValue()).toBe(`Hi Casey (TICK-20261122-0005), Alex here.`);
    expect(CUSTOMER.firstName).toBe('Casey');
    http.verify();
  });
});
