import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { join } from 'node:path';

import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import type Mail from 'nodemailer/lib/mailer';
import request from 'supertest';

import { ApiServer, DEMO, Session, freePort, login, startApi } from './support/api-server';
import { sql } from './support/database';
import { SmtpSink, startSmtpSink } from './support/mail';
import { ScratchPostgres, scratchPostgres } from './support/scratch-postgres';

const APP_URL = 'https://help.example.test';
const SUPPORT = 'support@example.com';
const MAX_BYTES = 100_000;

/** A 1x1 transparent PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Resolves once something accepts TCP connections on `port` (the listener starts after the migrations). */
async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A real SMTP client (nodemailer) that delivers to the API's inbound listener. */
function mailer(port: number) {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10_000,
  });
  return (mail: Mail.Options) => transport.sendMail({ to: SUPPORT, ...mail });
}

interface InboundRow {
  status: string;
  ticket_id: number | null;
  detail: string | null;
}

/** Reads the `inbound_messages` row of a Message-ID (SQLite by default; PostgreSQL in its suite). */
type InboundLookup = (messageId: string) => Promise<InboundRow | undefined>;

/** The `inbound_messages` row of `messageId` once processed (polls until it is). */
async function processed(
  api: ApiServer,
  messageId: string,
  lookup: InboundLookup = async (id) =>
    (
      await sql<InboundRow>(
        api.dataDir,
        'select status, ticket_id, detail from inbound_messages where message_id = ?',
        [id],
      )
    )[0],
  timeoutMs = 15_000,
): Promise<InboundRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await lookup(messageId);
    if (row && row.status !== 'processing') return row;
    if (Date.now() > deadline)
      throw new Error(`${messageId} not processed within ${timeoutMs} ms:\n${api.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What a webhook receiver got, and the ticket as an integration read it back at that moment. */
interface LookedAt {
  payload: { event: string; data: { ticket: { id: number; description: string } } };
  /** `GET /api/tickets/:id` (as an agent) when the delivery arrived. */
  ticket: {
    attachments: Array<{ filename: string; replyId: number | null }>;
    replies: Array<{ content: string; attachments: Array<{ filename: string }> }>;
  };
}

/**
 * A webhook receiver on loopback that does what integrations do on a delivery: reads the ticket
 * back over the API at once (before answering), so a test sees what was committed when it was sent.
 */
async function startLookingReceiver(readTicket: (id: number) => Promise<LookedAt['ticket']>) {
  const got: LookedAt[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const payload = JSON.parse(body) as LookedAt['payload'];
      void readTicket(payload.data.ticket.id)
        .then(
          (ticket) => got.push({ payload, ticket }),
          () => undefined,
        )
        .finally(() => res.writeHead(200).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    /** The first delivery of `event` for ticket `ticketId` (waits up to 10 s). */
    async next(event: string, ticketId: number): Promise<LookedAt> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = got.find((d) => d.payload.event === event && d.payload.data.ticket.id === ticketId);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${event} delivery for ticket ${ticketId}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

let seq = 0;
/** A fresh Message-ID of the test's mail client. */
const newId = (label: string) => `<${label}-${++seq}-${process.pid}@client.example.org>`;

describe('Inbound e-mail channel (SMTP listener, real SMTP both ways)', () => {
  let smtp: SmtpSink;
  let api: ApiServer;
  let port: number;
  let send: ReturnType<typeof mailer>;
  let customer: Session;
  let customer2: Session;
  let agent: Session;
  let admin: Session;

  const get = (session: Session, path: string) =>
    request(api.url).get(path).set('Authorization', session.auth);
  const patch = (session: Session, path: string, body: object) =>
    request(api.url).patch(path).set('Authorization', session.auth).send(body);
  const post = (session: Session, path: string, body: object) =>
    request(api.url).post(path).set('Authorization', session.auth).send(body);

  /** Sends a mail from the demo customer that opens a ticket, and returns the ticket. */
  async function openByMail(
    subject: string,
    text = 'Details follow.',
  ): Promise<{ id: number; number: string }> {
    const messageId = newId('open');
    await send({ from: `Casey Customer <${DEMO.customer.email}>`, subject, text, messageId });
    const row = await processed(api, messageId);
    expect(row.status).toBe('ticket_created');
    const res = await get(customer, `/api/tickets/${row.ticket_id}`);
    return { id: res.body.id, number: res.body.number };
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    port = await freePort();
    api = await startApi({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Support Desk <desk@help.example.test>',
      APP_URL,
      OUTBOX_POLL_INTERVAL: '100ms',
      INBOUND_SMTP_PORT: String(port),
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_ADDRESS: SUPPORT,
      INBOUND_MAX_BYTES: String(MAX_BYTES),
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_INTERVAL: '100ms',
    });
    await waitForPort(port);
    send = mailer(port);
    customer = await login(api.url, DEMO.customer);
    customer2 = await login(api.url, DEMO.customer2);
    agent = await login(api.url, DEMO.agent);
    admin = await login(api.url, DEMO.admin);
  });
  afterAll(async () => {
    await api?.stop();
    await smtp?.close();
  });

  it('opens a ticket for a known customer through the REST path and acknowledges it by e-mail, threaded and with Reply-To', async () => {
    const messageId = newId('new');
    await send({
      from: `Casey Customer <${DEMO.customer.email}>`,
      subject: 'Printer on fire',
      text: 'The printer on floor 2 smokes.\nPlease send someone.',
      messageId,
    });
    const row = await processed(api, messageId);
    expect(row.status).toBe('ticket_created');

    const res = await get(customer, `/api/tickets/${row.ticket_id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      subject: 'Printer on fire',
      description: 'The printer on floor 2 smokes.\nPlease send someone.',
      priority: 'medium',
      category: 'general',
      contactNumber: null,
      affectedItem: null,
      customer: { email: DEMO.customer.email },
    });
    expect(res.body.number).toMatch(/^TICK-\d{8}-\d{4}$/);

    const ack = await smtp.next(
      (m) =>
        m.to.includes(DEMO.customer.email) &&
        m.subject.startsWith(`[${res.body.number}] We received your request`),
    );
    expect(ack.text).toContain(`opened ticket ${res.body.number}`);
    expect(ack.headers['reply-to']).toBe(SUPPORT);
    expect(ack.headers['in-reply-to']).toBe(`<ticket-${row.ticket_id}@help.example.test>`);
    expect(ack.headers['references']).toBe(`<ticket-${row.ticket_id}@help.example.test>`);
  });

  it('opens an HTML-only mail without a subject as "(no subject)" with the HTML as text', async () => {
    const messageId = newId('html');
    await send({
      from: DEMO.customer.email,
      html: '<p>Hello <b>team</b>,</p><p>the VPN drops every hour.</p>',
      messageId,
    });
    const row = await processed(api, messageId);
    const res = await get(customer, `/api/tickets/${row.ticket_id}`);
    expect(res.body.subject).toBe('(no subject)');
    expect(res.body.description).toMatch(/Hello team,\s+the VPN drops every hour\./);
    expect(res.body.description).not.toContain('<b>');
  });

  it('opens a customer account for an unknown sender, named after the sender, and acknowledges the ticket', async () => {
    const messageId = newId('stranger');
    await send({
      from: '"Nora Newcomer" <Nora@Example.org>',
      subject: 'Access request',
      text: 'Hi',
      messageId,
    });
    const row = await processed(api, messageId);
    expect(row.status).toBe('ticket_created');
    const users = await get(admin, '/api/users?q=nora@example.org');
    expect(users.body.items).toEqual([
      expect.objectContaining({
        email: 'nora@example.org',
        firstName: 'Nora',
        lastName: 'Newcomer',
        role: 'customer',
      }),
    ]);
    await smtp.next(
      (m) =>
        m.to.includes('nora@example.org') && m.subject.includes('We received your request: Access request'),
    );
    // No password was ever given: a login is refused until a password reset sets one.
    const attempt = await request(api.url)
      .post('/api/auth/login')
      .send({ email: 'nora@example.org', password: '' });
    expect(attempt.status).not.toBe(200);
  });

  it('adds a reply by In-Reply-To to a notification, stripped of quote and signature, and moves waiting_on_customer back to in_progress', async () => {
    const ticket = await openByMail('Laptop will not boot');
    const current = (await get(agent, `/api/tickets/${ticket.id}`)).body.status;
    if (current === 'open')
      expect((await patch(agent, `/api/tickets/${ticket.id}/status`, { status: 'in_progress' })).status).toBe(
        200,
      );
    await post(agent, `/api/tickets/${ticket.id}/replies`, { content: 'Does it beep when you start it?' });
    expect(
      (await patch(agent, `/api/tickets/${ticket.id}/status`, { status: 'waiting_on_customer' })).status,
    ).toBe(200);
    const notification = await smtp.next(
      (m) => m.to.includes(DEMO.customer.email) && m.text.includes('Does it beep when you start it?'),
    );
    expect(notification.subject).toContain(`[${ticket.number}]`);

    const messageId = newId('reply');
    await send({
      from: DEMO.customer.email,
      subject: 'Re: your laptop',
      inReplyTo: notification.messageId,
      references: [notification.messageId],
      text: [
        'Yes, three short beeps.',
        '',
        '-- ',
        'Casey Customer',
        'ACME Corp',
        '',
        `On Thu, 26 Nov 2026 at 10:00, Support Desk <desk@help.example.test> wrote:`,
        '> Does it beep when you start it?',
      ].join('\n'),
      messageId,
    });
    const row = await processed(api, messageId);
    expect(row).toMatchObject({ status: 'replied', ticket_id: ticket.id });
    const detail = (await get(customer, `/api/tickets/${ticket.id}`)).body;
    expect(detail.status).toBe('in_progress');
    const last = detail.replies[detail.replies.length - 1];
    expect(last).toMatchObject({
      content: 'Yes, three short beeps.',
      internal: false,
      author: { id: customer.id },
    });
  });

  it('adds a reply by the ticket tag in the subject alone, and a staff e-mail as a public reply', async () => {
    const ticket = await openByMail('Monitor flickers');
    const fromCustomer = newId('tag');
    await send({
      from: DEMO.customer.email,
      subject: `Re: [${ticket.number}] Monitor flickers (Open)`,
      text: 'It also flickers on battery.\n\nOn Wed, 25 Nov 2026, Support Desk <desk@help.example.test> wrote:\n> older text',
      messageId: fromCustomer,
    });
    expect(await processed(api, fromCustomer)).toMatchObject({ status: 'replied', ticket_id: ticket.id });

    const fromAgent = newId('staff');
    await send({
      from: DEMO.agent.email,
      subject: `Re: [${ticket.number}] Monitor flickers`,
      text: 'Please try another cable.\n\n> It also flickers on battery.',
      messageId: fromAgent,
    });
    expect(await processed(api, fromAgent)).toMatchObject({ status: 'replied', ticket_id: ticket.id });

    const replies = (await get(customer, `/api/tickets/${ticket.id}/replies`)).body as Array<{
      content: string;
      internal: boolean;
      author: { id: number };
    }>;
    expect(replies.map((r) => [r.author.id, r.content, r.internal])).toEqual([
      [customer.id, 'It also flickers on battery.', false],
      [agent.id, 'Please try another cable.', false],
    ]);
    await smtp.next(
      (m) => m.to.includes(DEMO.customer.email) && m.text.includes('Please try another cable.'),
    );
  });

  it("opens a new ticket for a stranger who answers someone else's ticket (tag and In-Reply-To), leaving that ticket alone", async () => {
    const ticket = await openByMail('Payroll export broken');
    const ack = await smtp.next((m) => m.subject.startsWith(`[${ticket.number}] We received your request`));
    const messageId = newId('intruder');
    await send({
      from: DEMO.customer2.email,
      subject: `Re: [${ticket.number}] We received your request: Payroll export broken`,
      inReplyTo: ack.messageId,
      references: [ack.messageId],
      text: 'Let me in on this.',
      messageId,
    });
    const row = await processed(api, messageId);
    expect(row.status).toBe('ticket_created');
    expect(row.ticket_id).not.toBe(ticket.id);
    const own = (await get(customer2, `/api/tickets/${row.ticket_id}`)).body;
    expect(own).toMatchObject({
      subject: 'We received your request: Payroll export broken',
      customer: { id: customer2.id },
    });
    expect((await get(customer, `/api/tickets/${ticket.id}/replies`)).body).toEqual([]);
    expect((await get(customer2, `/api/tickets/${ticket.id}`)).status).toBe(404);
  });

  it('reopens a closed ticket on its customer’s e-mail reply within the reopen window, as the web allows', async () => {
    const ticket = await openByMail('Keyboard sticky');
    expect((await patch(customer, `/api/tickets/${ticket.id}/status`, { status: 'closed' })).status).toBe(
      200,
    );
    const messageId = newId('closed');
    await send({
      from: DEMO.customer.email,
      subject: `[${ticket.number}] still sticky`,
      text: 'It is back.',
      messageId,
    });
    expect(await processed(api, messageId)).toMatchObject({ status: 'replied', ticket_id: ticket.id });
    const detail = (await get(customer, `/api/tickets/${ticket.id}`)).body;
    expect(detail.status).toBe('reopened');
    expect(detail.replies.map((r: { content: string }) => r.content)).toEqual(['It is back.']);
  });

  it('processes the same Message-ID once, however often it is delivered', async () => {
    const messageId = newId('dup');
    const mail = {
      from: DEMO.customer.email,
      subject: `Duplicate check ${messageId}`,
      text: 'Once only',
      messageId,
    };
    await send(mail);
    await processed(api, messageId);
    await send(mail);
    await send(mail);
    // Messages are processed in arrival order: once the next one is done, the copies were too.
    const marker = newId('marker');
    await send({ from: DEMO.customer.email, subject: 'Marker', text: 'marker', messageId: marker });
    const markerRow = await processed(api, marker);
    const copies = await sql(api.dataDir, 'select id from tickets where subject = ?', [mail.subject]);
    expect(copies).toHaveLength(1);
    // The outbox sends in queue order: once the marker's acknowledgement is here, any other would be too.
    const markerNumber = (await get(customer, `/api/tickets/${markerRow.ticket_id}`)).body.number;
    await smtp.next((m) => m.subject.startsWith(`[${markerNumber}] We received your request`));
    expect(smtp.messages.filter((m) => m.subject.includes(mail.subject))).toHaveLength(1);
  });

  it.each([
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }],
    ['Precedence: bulk', { Precedence: 'bulk' }],
  ])('ignores an automatic message (%s): no ticket, no acknowledgement, no loop', async (_label, headers) => {
    const messageId = newId('auto');
    await send({
      from: DEMO.customer.email,
      subject: `Out of office ${messageId}`,
      text: 'Away',
      headers,
      messageId,
    });
    const row = await processed(api, messageId);
    expect(row.status).toBe('ignored');
    expect(row.ticket_id).toBeNull();
    const marker = newId('marker');
    await send({
      from: DEMO.customer.email,
      subject: 'Marker after auto',
      text: 'marker',
      messageId: marker,
    });
    const markerRow = await processed(api, marker);
    const markerTicket = (await get(customer, `/api/tickets/${markerRow.ticket_id}`)).body;
    await smtp.next((m) => m.subject.startsWith(`[${markerTicket.number}]`));
    expect(smtp.messages.filter((m) => m.subject.includes(`Out of office ${messageId}`))).toEqual([]);
  });

  it('refuses a message over INBOUND_MAX_BYTES with 552', async () => {
    await expect(
      send({
        from: DEMO.customer.email,
        subject: 'Huge',
        text: 'x'.repeat(MAX_BYTES + 10_000),
        messageId: newId('huge'),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('refuses mail for any address but INBOUND_ADDRESS with 550', async () => {
    await expect(
      send({
        from: DEMO.customer.email,
        to: 'sales@example.com',
        subject: 'Wrong door',
        text: 'Hi',
        messageId: newId('rcpt'),
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('keeps a message it cannot parse in DATA_DIR/mail/failed and says so in the log', async () => {
    const failedDir = join(api.dataDir, 'mail', 'failed');
    await send({
      envelope: { from: DEMO.customer.email, to: [SUPPORT] },
      raw: 'this is not an e-mail at all\r\n',
    });
    const deadline = Date.now() + 10_000;
    let kept: string[] = [];
    while (Date.now() < deadline) {
      kept = existsSync(failedDir) ? readdirSync(failedDir).filter((f) => f.endsWith('.eml')) : [];
      if (kept.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(failedDir, kept[0]), 'utf8')).toContain('this is not an e-mail at all');
    expect(readFileSync(join(failedDir, `${kept[0]}.reason.txt`), 'utf8')).toMatch(/no sender address/);
    // The log line follows the kept file: it reaches the API's output a moment later.
    while (Date.now() < deadline && !/could not be processed, kept in/.test(api.output())) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(api.output()).toMatch(/could not be processed, kept in/);
  });

  it('carries a PNG attachment over to the ticket and notes a refused file in the description', async () => {
    const messageId = newId('files');
    await send({
      from: DEMO.customer.email,
      subject: 'Screenshot of the error',
      text: 'See the screenshot.',
      attachments: [
        { filename: 'screenshot.png', content: PNG, contentType: 'image/png' },
        {
          filename: 'evil.exe',
          content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00'),
          contentType: 'application/octet-stream',
        },
      ],
      messageId,
    });
    const row = await processed(api, messageId);
    const detail = (await get(customer, `/api/tickets/${row.ticket_id}`)).body;
    expect(detail.attachments).toEqual([expect.objectContaining({ filename: 'screenshot.png' })]);
    expect(detail.description).toContain('See the screenshot.');
    expect(detail.description).toContain('[attachment evil.exe was not accepted: type not allowed]');
  });

  it('links the attachments of an e-mail reply to that reply', async () => {
    const ticket = await openByMail('Error dialog');
    const messageId = newId('reply-file');
    await send({
      from: DEMO.customer.email,
      subject: `Re: [${ticket.number}] Error dialog`,
      text: 'Here is what it shows.',
      attachments: [{ filename: 'dialog.png', content: PNG, contentType: 'image/png' }],
      messageId,
    });
    expect(await processed(api, messageId)).toMatchObject({ status: 'replied', ticket_id: ticket.id });
    const replies = (await get(customer, `/api/tickets/${ticket.id}/replies`)).body;
    expect(replies).toEqual([
      expect.objectContaining({
        content: 'Here is what it shows.',
        attachments: [expect.objectContaining({ filename: 'dialog.png' })],
      }),
    ]);
  });

  it("writes an e-mail's files with its ticket or reply: the acknowledgement, notifications and webhooks already have them", async () => {
    const receiver = await startLookingReceiver(
      async (id) => (await get(agent, `/api/tickets/${id}`)).body as LookedAt['ticket'],
    );
    const hook = await post(admin, '/api/webhooks', {
      url: receiver.url,
      events: ['ticket.created', 'reply.created'],
    });
    expect(hook.status).toBe(201);
    try {
      const refused = '[attachment tool.exe was not accepted: type not allowed]';
      const opening = newId('unit');
      await send({
        from: DEMO.customer.email,
        subject: 'Error with screenshot',
        text: 'The screenshot shows the error.',
        attachments: [
          { filename: 'error.png', content: PNG, contentType: 'image/png' },
          {
            filename: 'tool.exe',
            content: Buffer.from('MZ\x90\x00\x03\x00'),
            contentType: 'application/octet-stream',
          },
        ],
        messageId: opening,
      });
      const row = await processed(api, opening);
      expect(row.status).toBe('ticket_created');
      const ticket = (await get(customer, `/api/tickets/${row.ticket_id}`)).body;
      expect(ticket.description).toBe(`The screenshot shows the error.\n\n${refused}`);

      const ack = await smtp.next((m) => m.subject.startsWith(`[${ticket.number}] We received your request`));
      expect(ack.text).toContain(refused);
      const created = await receiver.next('ticket.created', ticket.id);
      expect(created.payload.data.ticket.description).toBe(ticket.description);
      expect(created.ticket.attachments).toEqual([
        expect.objectContaining({ filename: 'error.png', replyId: null }),
      ]);
      const bell = (await get(agent, '/api/notifications?pageSize=100')).body.items as Array<{
        type: string;
        ticketId: number;
        body: string;
      }>;
      expect(bell.find((n) => n.type === 'ticket.created' && n.ticketId === ticket.id)?.body).toContain(
        refused,
      );

      const answer = newId('unit-reply');
      await send({
        from: DEMO.customer.email,
        subject: `Re: [${ticket.number}] Error with screenshot`,
        text: 'And the log.',
        attachments: [{ filename: 'app.log', content: Buffer.from('boom\n'), contentType: 'text/plain' }],
        messageId: answer,
      });
      expect(await processed(api, answer)).toMatchObject({ status: 'replied', ticket_id: ticket.id });
      const replied = await receiver.next('reply.created', ticket.id);
      expect(replied.ticket.replies).toEqual([
        expect.objectContaining({
          content: 'And the log.',
          attachments: [expect.objectContaining({ filename: 'app.log' })],
        }),
      ]);
      // Never a loose upload: the log was on the reply from the start.
      expect(replied.ticket.attachments.map((file) => [file.filename, file.replyId === null])).toEqual([
        ['error.png', true],
        ['app.log', false],
      ]);
    } finally {
      await request(api.url).delete(`/api/webhooks/${hook.body.id}`).set('Authorization', admin.auth);
      await receiver.close();
    }
  });

  it('counts inbound mail by outcome in helpdesk_inbound_mail_total', async () => {
    const metrics = await request(api.url).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/helpdesk_inbound_mail_total\{outcome="ticket_created"\} \d+/);
    expect(metrics.text).toMatch(/helpdesk_inbound_mail_total\{outcome="replied"\} \d+/);
    expect(metrics.text).toMatch(/helpdesk_inbound_mail_total\{outcome="refused_size"\} 1/);
    expect(metrics.text).toMatch(/helpdesk_inbound_mail_total\{outcome="refused_recipient"\} 1/);
  });

  it('processes a message that was accepted but not yet processed when the process died, at the next start', async () => {
    await api.kill('SIGKILL');
    const messageId = newId('crash');
    const raw = [
      'Return-Path: <customer@example.com>',
      `From: Casey Customer <${DEMO.customer.email}>`,
      `To: ${SUPPORT}`,
      'Subject: Accepted before the crash',
      `Message-ID: ${messageId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Still here after the crash.',
      '',
    ].join('\r\n');
    const spool = join(api.dataDir, 'mail', 'inbound');
    mkdirSync(spool, { recursive: true });
    writeFileSync(join(spool, `${Date.now()}-crash.eml`), raw);
    await api.restart();
    await waitForPort(port);
    const row = await processed(api, messageId);
    expect(row.status).toBe('ticket_created');
    // The spooled file goes once the row is written.
    const deadline = Date.now() + 5000;
    while (readdirSync(spool).some((f) => f.endsWith('.eml')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readdirSync(spool).filter((f) => f.endsWith('.eml'))).toEqual([]);
    const detail = (await get(customer, `/api/tickets/${row.ticket_id}`)).body;
    expect(detail).toMatchObject({
      subject: 'Accepted before the crash',
      description: 'Still here after the crash.',
    });
  });
});

describe('Inbound e-mail channel with INBOUND_UNKNOWN_SENDERS=reject (and a movable clock)', () => {
  let api: ApiServer;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    api = await startApi({
      APP_URL,
      CLOCK_CONTROL: 'true',
      INBOUND_SMTP_PORT: String(port),
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_ADDRESS: SUPPORT,
      INBOUND_UNKNOWN_SENDERS: 'reject',
    });
    await waitForPort(port);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses an unknown sender with 550 and opens no account, while a known customer still gets through', async () => {
    const send = mailer(port);
    await expect(
      send({ from: 'nobody@example.net', subject: 'Let me in', text: 'Hi', messageId: newId('unknown') }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(await sql(api.dataDir, 'select id from users where email = ?', ['nobody@example.net'])).toEqual(
      [],
    );

    const messageId = newId('known');
    await send({ from: DEMO.customer.email, subject: 'Known sender', text: 'Hi', messageId });
    expect((await processed(api, messageId)).status).toBe('ticket_created');
  });

  it('opens a follow-up ticket naming the old number for a reply to a ticket closed longer than the reopen window', async () => {
    const send = mailer(port);
    const opening = newId('old');
    await send({ from: DEMO.customer.email, subject: 'Old problem', text: 'Broken', messageId: opening });
    const { ticket_id: oldId } = await processed(api, opening);
    let customer = await login(api.url, DEMO.customer);
    const old = (await request(api.url).get(`/api/tickets/${oldId}`).set('Authorization', customer.auth))
      .body;
    await request(api.url)
      .patch(`/api/tickets/${oldId}/status`)
      .set('Authorization', customer.auth)
      .send({ status: 'closed' })
      .expect(200);
    await request(api.url)
      .put('/api/testing/clock')
      .send({ advanceMs: 8 * 24 * 3600_000 })
      .expect(200);

    const messageId = newId('late');
    await send({
      from: DEMO.customer.email,
      subject: `Re: [${old.number}] Old problem`,
      text: 'It is back.',
      messageId,
    });
    const row = await processed(api, messageId);
    expect(row.status).toBe('ticket_created');
    expect(row.ticket_id).not.toBe(oldId);
    customer = await login(api.url, DEMO.customer);
    const followUp = (
      await request(api.url).get(`/api/tickets/${row.ticket_id}`).set('Authorization', customer.auth)
    ).body;
    expect(followUp.subject).toBe('Old problem');
    expect(followUp.description).toMatch(
      new RegExp(`^Follow-up to ${old.number}, closed more than 7 days ago`),
    );
    expect(followUp.description).toContain('It is back.');
    const stays = (await request(api.url).get(`/api/tickets/${oldId}`).set('Authorization', customer.auth))
      .body;
    expect(stays).toMatchObject({ status: 'closed', replies: [] });
  });
});

const pgUrl = process.env['PG_TEST_URL'];
(pgUrl ? describe : describe.skip)('Inbound e-mail channel on PostgreSQL (PG_TEST_URL)', () => {
  let database: ScratchPostgres;
  let db: Client;
  let api: ApiServer;
  let port: number;
  const lookup: InboundLookup = async (id) =>
    (
      await db.query<InboundRow>(
        'select status, ticket_id, detail from inbound_messages where message_id = $1',
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    database = await scratchPostgres(pgUrl as string, 'helpdesk_inbound');
    db = new Client({ connectionString: database.url });
    port = await freePort();
    api = await startApi({
      DATABASE_URL: database.url,
      APP_URL,
      INBOUND_SMTP_PORT: String(port),
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_ADDRESS: SUPPORT,
    });
    await db.connect();
    await waitForPort(port);
  });
  afterAll(async () => {
    await api?.stop();
    await db?.end();
    await database?.drop();
  });

  it('opens a ticket, threads a reply onto it and ignores a second delivery', async () => {
    const send = mailer(port);
    const opening = newId('pg-open');
    await send({
      from: DEMO.customer.email,
      subject: 'Scanner jammed',
      text: 'Paper stuck',
      messageId: opening,
    });
    const row = await processed(api, opening, lookup);
    expect(row.status).toBe('ticket_created');
    const customer = await login(api.url, DEMO.customer);
    const ticket = (
      await request(api.url).get(`/api/tickets/${row.ticket_id}`).set('Authorization', customer.auth)
    ).body;
    expect(ticket.subject).toBe('Scanner jammed');

    const reply = newId('pg-reply');
    const mail = {
      from: DEMO.customer.email,
      subject: `Re: [${ticket.number}]`,
      text: 'Still stuck.',
      messageId: reply,
    };
    await send(mail);
    expect(await processed(api, reply, lookup)).toMatchObject({ status: 'replied', ticket_id: ticket.id });
    await send(mail);
    const marker = newId('pg-marker');
    await send({ from: DEMO.customer.email, subject: 'Marker', text: 'marker', messageId: marker });
    await processed(api, marker, lookup);
    const replies = (
      await request(api.url).get(`/api/tickets/${ticket.id}/replies`).set('Authorization', customer.auth)
    ).body;
    expect(replies.map((r: { content: string }) => r.content)).toEqual(['Still stuck.']);
  });
});
