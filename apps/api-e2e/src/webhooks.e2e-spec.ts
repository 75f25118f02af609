import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';

import request from 'supertest';

import { ApiServer, DEMO, Session, expectError, freePort, login, startApi } from './support/api-server';

/** A delivery's body as the receiver parses it. */
interface Delivered {
  id: string;
  event: string;
  data: { ticket: { id: number }; reply?: { content: string }; [key: string]: unknown };
}

/** One request the loopback receiver got. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
}

/**
 * A webhook receiver on loopback that does what the README tells integrators to do: checks the
 * signature (HMAC-SHA256 of "t.body" with the secret, `t` within 5 minutes) and refuses a delivery
 * id it has already processed (a replay).
 */
class Receiver {
  readonly received: Received[] = [];
  /** Status codes to answer next to requests whose URL holds `?flaky`, in order (then 200). */
  readonly script: number[] = [];
  secret = '';
  private readonly processed = new Set<string>();
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    const port = await freePort();
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        let status = (req.url?.includes('?flaky') ? this.script.shift() : undefined) ?? 200;
        if (status === 200) status = this.accept(req.headers, body);
        this.received.push({ headers: req.headers, body, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${port}/hooks/helpdesk`;
  }

  /** 401 for a bad or stale signature, 409 for a delivery id seen before, else 200. */
  accept(headers: IncomingHttpHeaders, body: string, now = Math.floor(Date.now() / 1000)): number {
    const signature = String(headers['x-helpdesk-signature'] ?? '');
    const parts = Object.fromEntries(signature.split(',').map((p) => p.split('=', 2)));
    const t = Number(parts['t']);
    const expected = createHmac('sha256', this.secret).update(`${parts['t']}.${body}`).digest('hex');
    const given = String(parts['v1'] ?? '');
    const valid =
      Number.isInteger(t) &&
      Math.abs(now - t) <= 300 &&
      given.length === expected.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!valid) return 401;
    const id = String(headers['x-helpdesk-delivery']);
    if (this.processed.has(id)) return 409;
    this.processed.add(id);
    return 200;
  }

  /** The bodies received for `event`, parsed. */
  events(event: string): Delivered[] {
    return this.received
      .filter((r) => r.headers['x-helpdesk-event'] === event)
      .map((r) => JSON.parse(r.body));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const eventually = async (
  probe: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('Webhooks', () => {
  let api: ApiServer;
  let admin: Session;
  let agent: Session;
  let customer: Session;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    api = await startApi({
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_INTERVAL: '100ms',
      WEBHOOK_RETRY_BASE: '100ms',
      WEBHOOK_DISABLE_AFTER: '3',
    });
    [admin, agent, customer] = await Promise.all([
      login(api.url, DEMO.admin),
      login(api.url, DEMO.agent),
      login(api.url, DEMO.customer),
    ]);
  });
  afterAll(async () => {
    await api.stop();
    await receiver.stop();
  });

  const newTicket = async (subject: string): Promise<{ id: number; number: string }> => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', customer.auth)
      .send({ subject, description: 'Hooked' });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('lets an integration with an admin API token register a webhook and receive signed deliveries it can verify; a replay is refused', async () => {
    const token = await request(api.url)
      .post('/api/users/me/api-tokens')
      .set('Authorization', admin.auth)
      .send({ name: 'CRM', scopes: ['admin'] });
    const integration = `Bearer ${token.body.token}`;
    const created = await request(api.url)
      .post('/api/webhooks')
      .set('Authorization', integration)
      .send({
        url: receiver.url,
        events: [
          'ticket.created',
          'ticket.status_changed',
          'ticket.assigned',
          'reply.created',
          'ticket.updated',
        ],
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: receiver.url,
      active: true,
      includeInternalNotes: false,
      consecutiveFailures: 0,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    receiver.secret = created.body.secret;
    const listed = await request(api.url).get('/api/webhooks').set('Authorization', integration);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    const ticket = await newTicket('Hooked printer');
    await eventually(() => receiver.events('ticket.created').length === 1, 'ticket.created arrived');
    const delivery = receiver.received.find(
      (r) => r.headers['x-helpdesk-event'] === 'ticket.created',
    ) as Received;
    expect(delivery.status).toBe(200);
    expect(delivery.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(delivery.headers['x-helpdesk-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const payload = JSON.parse(delivery.body);
    expect(payload).toEqual({
      id: delivery.headers['x-helpdesk-delivery'],
      event: 'ticket.created',
      createdAt: expect.any(String),
      data: {
        ticket: expect.objectContaining({
          id: ticket.id,
          number: ticket.number,
          subject: 'Hooked printer',
          status: 'open',
        }),
      },
    });
    // The same request again: the receiver has processed this delivery id, and refuses it.
    expect(receiver.accept(delivery.headers, delivery.body)).toBe(409);
    // Signed ten minutes ago: refused as stale, whatever the id.
    expect(
      receiver.accept(
        { ...delivery.headers, 'x-helpdesk-delivery': 'other' },
        delivery.body,
        Math.floor(Date.now() / 1000) + 600,
      ),
    ).toBe(401);
    // A tampered body does not verify.
    expect(
      receiver.accept(
        { ...delivery.headers, 'x-helpdesk-delivery': 'x' },
        delivery.body.replace('Hooked', 'Hacked'),
      ),
    ).toBe(401);

    const deliveries = await request(api.url)
      .get(`/api/webhooks/${created.body.id}/deliveries`)
      .set('Authorization', integration);
    expect(deliveries.body.items[0]).toMatchObject({
      deliveryId: delivery.headers['x-helpdesk-delivery'],
      event: 'ticket.created',
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });
  });

  it('tells of status changes, assignments, edits and public replies, but not of internal notes unless asked', async () => {
    const ticket = await newTicket('Lifecycle');
    await request(api.url)
      .post(`/api/tickets/${ticket.id}/assign`)
      .set('Authorization', agent.auth)
      .send({})
      .expect(200);
    await request(api.url)
      .post(`/api/tickets/${ticket.id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Looking into it' })
      .expect(201);
    await request(api.url)
      .post(`/api/tickets/${ticket.id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Secret note', internal: true })
      .expect(201);
    await request(api.url)
      .patch(`/api/tickets/${ticket.id}`)
      .set('Authorization', agent.auth)
      .send({ priority: 'high' })
      .expect(200);
    await eventually(
      () =>
        receiver.events('ticket.assigned').some((e) => e.data.ticket.id === ticket.id) &&
        receiver.events('ticket.status_changed').some((e) => e.data.ticket.id === ticket.id) &&
        receiver.events('reply.created').some((e) => e.data.ticket.id === ticket.id) &&
        receiver.events('ticket.updated').some((e) => e.data.ticket.id === ticket.id),
      'every event of the ticket arrived',
    );
    const assigned = receiver.events('ticket.assigned').find((e) => e.data.ticket.id === ticket.id);
    expect(assigned?.data).toMatchObject({ previousAssignee: null, ticket: { assignee: { id: agent.id } } });
    const moved = receiver.events('ticket.status_changed').find((e) => e.data.ticket.id === ticket.id);
    expect(moved?.data).toMatchObject({ from: 'open', to: 'in_progress', automatic: 'assigned' });
    const updated = receiver.events('ticket.updated').find((e) => e.data.ticket.id === ticket.id);
    expect(updated?.data).toMatchObject({ changes: ['priority'], previous: { priority: 'medium' } });
    const replies = receiver.events('reply.created').filter((e) => e.data.ticket.id === ticket.id);
    expect(replies.map((e) => e.data.reply?.content)).toEqual(['Looking into it']);
    expect(JSON.stringify(receiver.received)).not.toContain('Secret note');

    // A webhook that opts in hears internal notes too.
    const notes = await request(api.url)
      .post('/api/webhooks')
      .set('Authorization', admin.auth)
      .send({
        url: `${receiver.url}?notes`,
        events: ['reply.created'],
        includeInternalNotes: true,
        secret: receiver.secret,
      });
    expect(notes.status).toBe(201);
    await request(api.url)
      .post(`/api/tickets/${ticket.id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Second secret note', internal: true })
      .expect(201);
    await eventually(
      () => receiver.events('reply.created').some((e) => e.data.reply?.content === 'Second secret note'),
      'the internal note reached the opted-in webhook',
    );
    const note = receiver
      .events('reply.created')
      .filter((e) => e.data.reply?.content === 'Second secret note');
    expect(note).toHaveLength(1);
    expect(note[0].data.reply).toMatchObject({ internal: true, author: { id: agent.id } });
    await request(api.url)
      .delete(`/api/webhooks/${notes.body.id}`)
      .set('Authorization', admin.auth)
      .expect(204);
  });

  it('retries a failed delivery with back-off, switches a webhook off after repeated failures, and redelivers on request', async () => {
    const hook = await request(api.url)
      .post('/api/webhooks')
      .set('Authorization', admin.auth)
      .send({ url: `${receiver.url}?flaky`, events: ['ticket.created'], secret: receiver.secret });
    expect(hook.status).toBe(201);
    const deliveriesOf = async () =>
      (
        await request(api.url)
          .get(`/api/webhooks/${hook.body.id}/deliveries`)
          .set('Authorization', admin.auth)
      ).body.items;

    // Fails twice (500, 503), then succeeds: one delivery, three attempts.
    const before = receiver.received.length;
    receiver.script.push(500, 503);
    await newTicket('Flaky receiver');
    await eventually(
      async () => (await deliveriesOf())[0]?.status === 'delivered',
      'the retried delivery succeeded',
    );
    const [retried] = await deliveriesOf();
    expect(retried).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null });
    const tries = receiver.received
      .slice(before)
      .filter((r) => r.headers['x-helpdesk-delivery'] === retried.deliveryId);
    expect(tries.map((r) => r.status)).toEqual([500, 503, 200]);
    // Every retry is signed afresh but keeps its delivery id for de-duplication.
    expect(new Set(tries.map((r) => r.headers['x-helpdesk-delivery'])).size).toBe(1);

    // Three failures in a row switch it off; its pending deliveries are given up.
    receiver.script.push(500, 500, 500, 500, 500, 500);
    await newTicket('Dead receiver');
    await eventually(
      async () =>
        !(await request(api.url).get(`/api/webhooks/${hook.body.id}`).set('Authorization', admin.auth)).body
          .active,
      'the webhook was switched off',
    );
    const off = await request(api.url).get(`/api/webhooks/${hook.body.id}`).set('Authorization', admin.auth);
    expect(off.body).toMatchObject({
      active: false,
      consecutiveFailures: 3,
      disabledReason: expect.stringMatching(/3 failed/),
    });
    const [dead] = await deliveriesOf();
    expect(dead).toMatchObject({ status: 'failed', lastStatusCode: 500, nextAttemptAt: null });
    // The switch-off is in the audit log, by the system, with its reason.
    const audit = await request(api.url).get('/api/audit?pageSize=100').set('Authorization', admin.auth);
    const switchedOff = (audit.body.items as Array<{ action: string; target: { id: number } }>).filter(
      (entry) => entry.action === 'webhook.disabled' && entry.target.id === hook.body.id,
    );
    expect(switchedOff).toEqual([
      expect.objectContaining({
        actor: null,
        target: { type: 'webhook', id: hook.body.id },
        changes: {
          active: { from: true, to: false },
          disabledReason: { from: null, to: off.body.disabledReason },
        },
      }),
    ]);
    receiver.script.splice(0);

    // On again, and the failed delivery sent again on request: same id, delivered.
    const on = await request(api.url)
      .patch(`/api/webhooks/${hook.body.id}`)
      .set('Authorization', admin.auth)
      .send({ active: true });
    expect(on.body).toMatchObject({ active: true, consecutiveFailures: 0, disabledReason: null });
    const again = await request(api.url)
      .post(`/api/webhooks/${hook.body.id}/deliveries/${dead.id}/redeliver`)
      .set('Authorization', admin.auth);
    expect(again.status).toBe(202);
    await eventually(
      async () => (await deliveriesOf())[0].status === 'delivered',
      'the redelivery succeeded',
    );
    expect(
      receiver.received.filter((r) => r.headers['x-helpdesk-delivery'] === dead.deliveryId).at(-1)?.status,
    ).toBe(200);
    expectError(
      await request(api.url)
        .post(`/api/webhooks/${hook.body.id}/deliveries/999999/redeliver`)
        .set('Authorization', admin.auth),
      404,
    );
    await request(api.url)
      .delete(`/api/webhooks/${hook.body.id}`)
      .set('Authorization', admin.auth)
      .expect(204);
  }, 30_000);

  it.each([
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hook',
    'http://172.16.0.5/hook',
    'http://192.168.1.20/hook',
  ])('refuses %s (server-side request forgery guard) with 400 WEBHOOK_URL_FORBIDDEN', async (url) => {
    const res = await request(api.url)
      .post('/api/webhooks')
      .set('Authorization', admin.auth)
      .send({ url, events: ['ticket.created'] });
    expectError(res, 400, 'WEBHOOK_URL_FORBIDDEN');
  });

  it.each([
    [{ url: 'ftp://example.com/x', events: ['ticket.created'] }, 'url'],
    [{ url: 'not a url', events: ['ticket.created'] }, 'url'],
    [{ url: 'https://hooks.example.com/x', events: [] }, 'events'],
    [{ url: 'https://hooks.example.com/x', events: ['ticket.deleted'] }, 'events'],
    [{ url: 'https://hooks.example.com/x', events: ['ticket.created'], secret: 'short' }, 'secret'],
    [{ url: 'https://hooks.example.com/x', events: ['ticket.created'], active: 'yes' }, 'active'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await request(api.url).post('/api/webhooks').set('Authorization', admin.auth).send(body);
    expect(JSON.stringify(expectError(res, 400, 'VALIDATION_FAILED'))).toContain(field);
  });

  it('is for admins only', async () => {
    for (const session of [agent, customer]) {
      expectError(await request(api.url).get('/api/webhooks').set('Authorization', session.auth), 403);
      expectError(
        await request(api.url)
          .post('/api/webhooks')
          .set('Authorization', session.auth)
          .send({ url: 'https://hooks.example.com/x', events: ['ticket.created'] }),
        403,
      );
    }
    const agentToken = await request(api.url)
      .post('/api/users/me/api-tokens')
      .set('Authorization', agent.auth)
      .send({ name: 'agent', scopes: ['tickets:read', 'tickets:write'] });
    expectError(
      await request(api.url).get('/api/webhooks').set('Authorization', `Bearer ${agentToken.body.token}`),
      403,
    );
    expectError(await request(api.url).get('/api/webhooks/999999').set('Authorization', admin.auth), 404);
  });

  it('writes every admin change of a webhook to the audit log, who and what, never the secret', async () => {
    const as = (session: Session) => ({
      post: (path: string, body: object) =>
        request(api.url).post(path).set('Authorization', session.auth).send(body),
      patch: (path: string, body: object) =>
        request(api.url).patch(path).set('Authorization', session.auth).send(body),
    });
    const firstSecret = 'whsec_first-secret-of-the-audited-hook';
    const created = await as(admin).post('/api/webhooks', {
      url: 'https://hooks.example.com/audited',
      events: ['ticket.created'],
      secret: firstSecret,
      active: false,
    });
    expect(created.status).toBe(201);
    const id: number = created.body.id;
    const path = `/api/webhooks/${id}`;
    expect(
      (
        await as(admin).patch(path, {
          url: 'https://hooks.example.com/audited/v2',
          events: ['ticket.created', 'reply.created'],
        })
      ).status,
    ).toBe(200);
    expect((await as(admin).patch(path, { active: true })).status).toBe(200);
    expect((await as(admin).patch(path, { active: false, includeInternalNotes: true })).status).toBe(200);
    const newSecret = 'whsec_second-secret-of-the-audited-hook';
    expect((await as(admin).patch(path, { secret: newSecret })).status).toBe(200);
    // Nothing changes: nothing to audit.
    expect((await as(admin).patch(path, { active: false })).status).toBe(200);
    await request(api.url).delete(path).set('Authorization', admin.auth).expect(204);
    // Refused changes leave no entry.
    expectError(await as(admin).patch(path, { active: true }), 404);
    expectError(
      await as(agent).post('/api/webhooks', {
        url: 'https://hooks.example.com/x',
        events: ['ticket.created'],
      }),
      403,
    );

    const audit = await request(api.url).get('/api/audit?pageSize=100').set('Authorization', admin.auth);
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toMatch(/whsec_|secret-of-the-audited-hook/);
    const entries = (audit.body.items as Array<{ target: { type: string; id: number } }>)
      .filter((entry) => entry.target.type === 'webhook' && entry.target.id === id)
      .reverse();
    const by = { id: admin.id, name: expect.any(String) };
    expect(entries).toEqual([
      expect.objectContaining({
        actor: by,
        action: 'webhook.created',
        changes: {
          url: { from: null, to: 'https://hooks.example.com/audited' },
          events: { from: null, to: 'ticket.created' },
          active: { from: null, to: false },
          includeInternalNotes: { from: null, to: false },
        },
      }),
      expect.objectContaining({
        actor: by,
        action: 'webhook.updated',
        changes: {
          url: { from: 'https://hooks.example.com/audited', to: 'https://hooks.example.com/audited/v2' },
          events: { from: 'ticket.created', to: 'ticket.created,reply.created' },
        },
      }),
      expect.objectContaining({
        actor: by,
        action: 'webhook.enabled',
        changes: { active: { from: false, to: true } },
      }),
      expect.objectContaining({
        actor: by,
        action: 'webhook.disabled',
        changes: { active: { from: true, to: false }, includeInternalNotes: { from: false, to: true } },
      }),
      expect.objectContaining({ actor: by, action: 'webhook.secret_changed', changes: {} }),
      expect.objectContaining({
        actor: by,
        action: 'webhook.deleted',
        changes: {
          url: { from: 'https://hooks.example.com/audited/v2', to: null },
          events: { from: 'ticket.created,reply.created', to: null },
          active: { from: false, to: null },
          includeInternalNotes: { from: true, to: null },
        },
      }),
    ]);
  });
});
