import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import request from 'supertest';

import { ApiServer, DEMO, Session, login, registerCustomer, startApi } from './support/api-server';
import { sql } from './support/database';
import { ReceivedMail, SmtpSink, parseMail, startSmtpSink } from './support/mail';

const APP_URL = 'https://help.example.test';

describe('E-mail notifications over SMTP (a real in-process SMTP server)', () => {
  let smtp: SmtpSink;
  let api: ApiServer;
  let customer: Session;
  let quiet: Session;
  let agent: Session;
  let agent2: Session;
  let ticketId: number;
  let ticketNumber: string;

  const post = (session: Session, path: string, body: object) =>
    request(api.url).post(path).set('Authorization', session.auth).send(body);
  const to = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApi({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Support Desk <desk@help.example.test>',
      APP_URL,
      OUTBOX_POLL_INTERVAL: '100ms',
    });
    customer = await registerCustomer(api.url, 'mailme@example.com', 'Mia Mail');
    // Names stored before the name rule (migrated from the old single `name`) may hold any character.
    await sql(api.dataDir, "update users set first_name = 'Mia <Mail>', last_name = '& Co' where id = ?", [
      customer.id,
    ]);
    quiet = await registerCustomer(api.url, 'quiet@example.com', 'Quinn Quiet');
    agent = await login(api.url, DEMO.agent);
    agent2 = await login(api.url, DEMO.agent2);
    ({ id: ticketId, number: ticketNumber } = (
      await post(customer, '/api/tickets', {
        subject: 'Invoice <b>missing</b> & "late"',
        description: 'Please help',
      })
    ).body);
    await post(agent, `/api/tickets/${ticketId}/assign`, {});
    await post(agent2, `/api/tickets/${ticketId}/replies`, {
      content: 'INTERNAL: refund fraud suspected',
      internal: true,
    });
    await post(agent, `/api/tickets/${ticketId}/replies`, {
      content: 'Try <script>alert("x")</script> & reload\nthen tell us',
    });
    // The last e-mail queued; the worker sends in queue order, so once it is here all earlier ones are.
    await smtp.next((m) => m.text.includes('then tell us'));
  });
  afterAll(async () => {
    await api?.stop();
    await smtp?.close();
  });

  it('acknowledges a new ticket to its customer only (staff hear of it in-app), and e-mails none to the one who acted', () => {
    const acks = smtp.messages.filter((m) =>
      m.subject.startsWith(`[${ticketNumber}] We received your request`),
    );
    expect(acks.map((m) => m.to)).toEqual([['mailme@example.com']]);
    expect(acks[0].text).toContain(`${APP_URL}/tickets/${ticketNumber}`);
    expect(smtp.messages.filter((m) => /New ticket/.test(m.text))).toEqual([]);
    expect(to(DEMO.agent.email).map((m) => m.text)).not.toContainEqual(
      expect.stringContaining('Alex Agent assigned'),
    );
    expect(to(DEMO.agent2.email)).toEqual([]);
  });

  it('tells the customer of the assignment in one e-mail whose subject carries the new status, with the link', () => {
    const mails = to('mailme@example.com');
    const assigned = mails.find((m) => m.text.includes('assigned'));
    expect(assigned).toBeDefined();
    const mail = assigned as ReceivedMail;
    expect(mail.subject).toBe(`[${ticketNumber}] Invoice <b>missing</b> & "late" (In progress)`);
    expect(mail.headers['from']).toBe('Support Desk <desk@help.example.test>');
    expect(mail.text).toContain(`Ticket ${ticketNumber} assigned to Alex Agent`);
    expect(mail.text).toContain(`${APP_URL}/tickets/${ticketId}`);
    expect(mail.html).toContain(`<a href="${APP_URL}/tickets/${ticketId}">`);
    // The automatic move to in progress is told in-app; one assignment is one e-mail.
    expect(mails.some((m) => m.text.includes('from Open to In progress'))).toBe(false);
  });

  it('carries the reply text in both parts, escaped in the HTML part', () => {
    const mail = to('mailme@example.com').find((m) => m.text.includes('then tell us')) as ReceivedMail;
    expect(mail.text).toContain('Try <script>alert("x")</script> & reload\nthen tell us');
    expect(mail.text).toContain('Hello Mia <Mail> & Co,');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Try &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; reload');
    expect(mail.html).toContain('Hello Mia &lt;Mail&gt; &amp; Co,');
    expect(mail.html).toContain('Invoice &lt;b&gt;missing&lt;/b&gt; &amp; &quot;late&quot;');
    expect(mail.messageId).toMatch(/^<outbox-\d+-\d+@help\.example\.test>$/);
  });

  it('e-mails an internal note to the assignee only, never to the customer', () => {
    const note = to(DEMO.agent.email).find((m) => m.text.includes('INTERNAL: refund fraud suspected'));
    expect(note?.subject).toBe(`[${ticketNumber}] Invoice <b>missing</b> & "late" (In progress)`);
    const leaked = smtp.messages.filter(
      (m) => m.raw.includes('refund fraud') && !m.to.includes(DEMO.agent.email),
    );
    expect(leaked).toEqual([]);
  });

  it('sends nothing to a user who turned e-mail off, who still gets the in-app notification', async () => {
    expect(
      (
        await request(api.url)
          .patch('/api/users/me/preferences')
          .set('Authorization', quiet.auth)
          .send({ emailNotifications: false })
      ).status,
    ).toBe(200);
    const quietTicket = (await post(quiet, '/api/tickets', { subject: 'Shh', description: 'Quiet please' }))
      .body.id;
    await post(agent, `/api/tickets/${quietTicket}/replies`, { content: 'Quiet answer' });
    const loud = (await post(customer, '/api/tickets', { subject: 'Loud', description: 'Hello' })).body.id;
    await post(agent, `/api/tickets/${loud}/replies`, { content: 'Loud answer' });
    await smtp.next((m) => m.text.includes('Loud answer'));
    expect(to('quiet@example.com')).toEqual([]);
    const centre = await request(api.url).get('/api/notifications').set('Authorization', quiet.auth);
    expect(centre.body.items.map((n: { body: string }) => n.body)).toEqual(['Quiet answer']);
  });
});

describe('E-mail without SMTP_URL: .eml files in the data directory', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApi({ OUTBOX_POLL_INTERVAL: '100ms', APP_URL });
  });
  afterAll(() => api.stop());

  it('writes each message as an RFC 822 file under <DATA_DIR>/mail', async () => {
    const customer = await registerCustomer(api.url, 'eml@example.com', 'Emil');
    const agent = await login(api.url, DEMO.agent);
    const { id, number } = (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Files', description: 'D' })
    ).body;
    await request(api.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Written to disk' });
    const dir = join(api.dataDir, 'mail');
    const files = await new Promise<string[]>((resolve, reject) => {
      const deadline = Date.now() + 15_000;
      const poll = (): void => {
        const found = readdirSync(dir).filter((f) => f.endsWith('.eml'));
        // The acknowledgement of the new ticket, then the reply.
        if (found.length >= 2) resolve(found.sort());
        else if (Date.now() > deadline) reject(new Error(`no .eml file in ${dir}`));
        else setTimeout(poll, 50);
      };
      poll();
    });
    expect(files).toEqual([
      expect.stringMatching(/^outbox-\d+\.eml$/),
      expect.stringMatching(/^outbox-\d+\.eml$/),
    ]);
    const mails = files.map((file) => parseMail(readFileSync(join(dir, file), 'utf8')));
    expect(mails.map((m) => m.headers['to'])).toEqual(['eml@example.com', 'eml@example.com']);
    const mail = mails.find((m) => m.text.includes('Written to disk')) as ReceivedMail;
    expect(mail.subject).toBe(`[${number}] Files (Open)`);
    expect(mail.text).toContain('Written to disk');
    expect(mail.html).toContain('Written to disk');
  });
});
