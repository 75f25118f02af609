import request from 'supertest';

import { ApiServer, DEMO, Session, freePort, login, registerCustomer, startApi } from './support/api-server';
import { sql } from './support/database';
import { SmtpSink, startSmtpSink } from './support/mail';

interface OutboxRow {
  id: number;
  to: string;
  attempts: number;
  sent_at: number | string | null;
  next_attempt_at: number | string | null;
  last_error: string | null;
}

/** Polls the outbox table until `done(rows)` holds. */
async function outboxUntil(
  api: ApiServer,
  done: (rows: OutboxRow[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<OutboxRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await sql<OutboxRow>(
      api.dataDir,
      'select id, "to", attempts, sent_at, next_attempt_at, last_error from outbox_messages order by id',
    );
    if (done(rows)) return rows;
    if (Date.now() > deadline)
      throw new Error(`outbox never reached: ${what}; rows: ${JSON.stringify(rows)}\n${api.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('E-mail outbox: nothing lost, nothing sent twice', () => {
  let api: ApiServer;
  let smtp: SmtpSink | undefined;
  let customer: Session;
  let agent: Session;

  /** Opens a ticket (its customer is acknowledged by e-mail); returns its id. */
  const openTicket = async (): Promise<number> =>
    (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Outbox', description: 'D' })
    ).body.id;
  /** Opens a ticket and replies `text` to its customer (after its acknowledgement went out, with `ackFirst`). */
  const replyTo = async (text: string, ackFirst = false): Promise<void> => {
    const id = await openTicket();
    if (ackFirst) await outboxUntil(api, (rows) => rows.every((r) => r.sent_at !== null), 'acknowledged');
    await reply(id, text);
  };
  /** Staff reply `text` on ticket `id` (e-mailed to its customer). */
  const reply = async (id: number, text: string): Promise<void> => {
    const res = await request(api.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: text });
    expect(res.status).toBe(201);
  };
  const received = (text: string) => (smtp?.messages ?? []).filter((m) => m.text.includes(text));

  afterEach(async () => {
    await api?.stop();
    await smtp?.close();
    smtp = undefined;
  });

  it('keeps the messages while the SMTP server is down and delivers each exactly once when it is back', async () => {
    const port = await freePort();
    api = await startApi({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      OUTBOX_POLL_INTERVAL: '100ms',
      OUTBOX_RETRY_BASE: '200ms',
    });
    customer = await registerCustomer(api.url, 'patient@example.com');
    agent = await login(api.url, DEMO.agent);
    await replyTo('first while down');
    await replyTo('second while down');

    // Two acknowledgements of the new tickets and two replies.
    const failing = await outboxUntil(
      api,
      (rows) => rows.length === 4 && rows.every((r) => r.attempts >= 2),
      'two failed attempts each',
    );
    expect(failing.every((r) => r.sent_at === null && r.last_error !== null)).toBe(true);

    smtp = await startSmtpSink(port);
    const sent = await outboxUntil(api, (rows) => rows.every((r) => r.sent_at !== null), 'all sent');
    expect(sent.every((r) => r.next_attempt_at === null && r.last_error === null)).toBe(true);
    expect(received('first while down')).toHaveLength(1);
    expect(received('second while down')).toHaveLength(1);

    // A later message goes out after them; by then a duplicate of the earlier ones would have too.
    await replyTo('after recovery');
    await smtp.next((m) => m.text.includes('after recovery'));
    expect(received('first while down')).toHaveLength(1);
    expect(received('second while down')).toHaveLength(1);
    expect(smtp.messages).toHaveLength(6);
  });

  it('finishes the message in flight when the API is restarted mid-send: no loss, no duplicate', async () => {
    smtp = await startSmtpSink();
    api = await startApi({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, OUTBOX_POLL_INTERVAL: '100ms' });
    customer = await registerCustomer(api.url, 'restart@example.com');
    agent = await login(api.url, DEMO.agent);
    const ticket = await openTicket();
    await outboxUntil(api, (rows) => rows.length === 1 && rows[0].sent_at !== null, 'acknowledged');
    const held = smtp.hold();
    await reply(ticket, 'in flight during restart');
    await held.started;

    const restarting = api.restart();
    const deadline = Date.now() + 10_000;
    while (!/waiting for e-mail \d+ in flight/.test(api.output())) {
      if (Date.now() > deadline)
        throw new Error(`the API did not wait for the e-mail in flight:\n${api.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    held.release();
    await restarting;

    const rows = await outboxUntil(
      api,
      (all) => all.length === 2 && all.every((r) => r.sent_at !== null),
      'sent',
    );
    expect(rows.map((r) => r.attempts)).toEqual([1, 1]);
    await replyTo('after restart', true);
    await smtp.next((m) => m.text.includes('after restart'));
    expect(received('in flight during restart')).toHaveLength(1);
    expect(smtp.messages).toHaveLength(4);
  });

  it('sends again, once, a message whose sender crashed mid-send, when its lease expires', async () => {
    smtp = await startSmtpSink();
    api = await startApi({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      OUTBOX_POLL_INTERVAL: '100ms',
      OUTBOX_LEASE: '1s',
    });
    customer = await registerCustomer(api.url, 'crash@example.com');
    agent = await login(api.url, DEMO.agent);
    const ticket = await openTicket();
    await outboxUntil(api, (rows) => rows.length === 1 && rows[0].sent_at !== null, 'acknowledged');
    const held = smtp.hold();
    await reply(ticket, 'in flight during a crash');
    await held.started;

    await api.restart('SIGKILL');
    const [, row] = await outboxUntil(
      api,
      (rows) => rows.length === 2 && rows[1].sent_at !== null,
      'sent after the lease expired',
    );
    expect(row.attempts).toBe(2);
    expect(received('in flight during a crash')).toHaveLength(1);
    held.release();
  });
});
