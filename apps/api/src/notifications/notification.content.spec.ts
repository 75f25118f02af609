import 'reflect-metadata';

import {
  AutomaticTrigger,
  NotificationType,
  SlaTarget,
  SYSTEM_ACTOR_NAME,
  TicketPriority,
  TicketStatus,
} from '@hd/shared/domain';

import { EventFacts, escapeHtml, renderEmail, truncate, wordingFor } from './notification.content';

const facts: EventFacts & { ticketId: number } = {
  type: NotificationType.TicketReplied,
  ticketId: 7,
  number: 'TICK-20261126-0007',
  subject: 'Invoice <b>missing</b> & "late"',
  status: TicketStatus.InProgress,
  priority: TicketPriority.High,
  actorName: 'Alex <Agent>',
  text: 'Try <script>alert(1)</script>\nthen reload',
};

describe('renderEmail()', () => {
  const mail = renderEmail(facts, 'Casey & Co', 'https://support.example.com');

  it('names the ticket, its subject and its status in the subject line', () => {
    expect(mail.subject).toBe('[TICK-20261126-0007] Invoice <b>missing</b> & "late" (In progress)');
  });

  it('carries the reply text and the link to the ticket in the plain-text part', () => {
    expect(mail.text).toContain('Try <script>alert(1)</script>\nthen reload');
    expect(mail.text).toContain('https://support.example.com/tickets/7');
    expect(mail.text).toContain('Hello Casey & Co,');
  });

  it('escapes every piece of user content in the HTML part', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>missing</b>');
    expect(mail.html).not.toContain('Alex <Agent>');
    expect(mail.html).toContain('Try &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('Invoice &lt;b&gt;missing&lt;/b&gt; &amp; &quot;late&quot;');
    expect(mail.html).toContain('Hello Casey &amp; Co,');
    expect(mail.html).toContain('<a href="https://support.example.com/tickets/7">');
  });

  it('uses the status the ticket ends up in when given', () => {
    expect(renderEmail(facts, 'Casey', 'http://x', TicketStatus.Resolved).subject).toMatch(/\(Resolved\)$/);
  });

  it('puts a multi-line ticket subject on one line', () => {
    expect(renderEmail({ ...facts, subject: 'a\r\nBcc: evil@example.com' }, 'C', 'http://x').subject).toBe(
      '[TICK-20261126-0007] a Bcc: evil@example.com (In progress)',
    );
  });
});

describe('wordingFor()', () => {
  it('says which status the ticket moved from and to', () => {
    const wording = wordingFor({
      ...facts,
      type: NotificationType.TicketStatusChanged,
      from: TicketStatus.Open,
    });
    expect(wording).toEqual({
      title: 'Ticket TICK-20261126-0007 is now In progress',
      body: 'Alex <Agent> moved "Invoice <b>missing</b> & "late"" from Open to In progress.',
    });
  });

  it('tells the customer that the helpdesk closed a resolved ticket, and until when they may reopen it', () => {
    const wording = wordingFor({
      ...facts,
      type: NotificationType.TicketStatusChanged,
      status: TicketStatus.Closed,
      from: TicketStatus.Resolved,
      actorName: SYSTEM_ACTOR_NAME,
      automatic: AutomaticTrigger.AutoClose,
    });
    expect(wording).toEqual({
      title: 'Ticket TICK-20261126-0007 is now Closed',
      body: 'The helpdesk closed "Invoice <b>missing</b> & "late"": it had been resolved for a while without news. If the problem is back, reopen it within 7 days.',
    });
  });

  it('says which SLA target is at risk or breached, and when it was due (UTC)', () => {
    const sla = { ...facts, slaTarget: SlaTarget.FirstResponse, dueAt: '2026-11-26T11:00:00.000Z' };
    expect(wordingFor({ ...sla, type: NotificationType.SlaAtRisk })).toEqual({
      title: 'SLA at risk on TICK-20261126-0007: first response due 26 Nov 2026, 11:00 UTC',
      body: 'First response on "Invoice <b>missing</b> & "late"" (high priority) is due 26 Nov 2026, 11:00 UTC and has not happened yet.',
    });
    expect(
      wordingFor({ ...sla, type: NotificationType.SlaBreached, slaTarget: SlaTarget.Resolution }),
    ).toEqual({
      title: 'SLA breached on TICK-20261126-0007: resolution overdue',
      body: 'Resolution on "Invoice <b>missing</b> & "late"" (high priority) was due 26 Nov 2026, 11:00 UTC and has not happened.',
    });
  });

  it('names the changed fields of an edit', () => {
    expect(wordingFor({ ...facts, type: NotificationType.TicketUpdated, changes: ['priority'] }).body).toBe(
      'Alex <Agent> changed the priority to high.',
    );
  });
});

describe('truncate() and escapeHtml()', () => {
  it('cuts long text with an ellipsis and leaves short text alone', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
