import { Client } from 'pg';
import request from 'supertest';

import { ApiServer, DEMO, Session, expectError, startApi } from './support/api-server';
import { SmtpSink, startSmtpSink } from './support/mail';
import { RedisServer, redisServerInstalled, startRedis } from './support/redis-server';
import { Listener, PushedNotification, listen } from './support/sockets';
import { startProxy } from './support/tcp-proxy';

/**
 * Two API replicas against one PostgreSQL database and one Redis (`REDIS_URL`): socket.io events,
 * the login rate limit, ended sessions and deactivations cross replicas; each e-mail is sent once
 * and each recurring job runs once per turn; a Redis outage never costs an HTTP request, shows in
 * readiness, and real-time delivery resumes once Redis is back; a replica killed mid-traffic costs
 * none of the other's requests, and its sockets reconnect to the other and catch up.
 * Runs when `PG_TEST_URL` names a PostgreSQL server and `redis-server` is installed (the test
 * starts its own on a free port, to stop and start it).
 */
const pgUrl = process.env['PG_TEST_URL'];
const haveRedis = redisServerInstalled();
if (pgUrl && !haveRedis) {
  console.warn('replicas.e2e-spec: skipped, `redis-server` is not installed (apt-get install redis-server)');
}

/** How soon an event made through one replica must reach a socket on the other, in ms. */
const DELIVERY_MS = 500;

(pgUrl && haveRedis ? describe : describe.skip)('Two API replicas on PostgreSQL and Redis', () => {
  let a: ApiServer;
  let b: ApiServer;
  let redis: RedisServer;
  let smtp: SmtpSink;
  let admin: Client;
  let agent: Session;
  let customer: Session;
  const open: Listener[] = [];
  const database = `helpdesk_replicas_${process.pid}_${Date.now()}`;

  // Replicas trust the loopback as their proxy, so each step can log in from its own client address
  // (the per-IP login counter would otherwise be spent by the set-up).
  let lastAddress = 0;
  const nextAddress = (): string => `10.9.${Math.floor(++lastAddress / 250)}.${(lastAddress % 250) + 1}`;
  const loginAt = async (
    api: ApiServer,
    credentials: { email: string; password: string },
    from = nextAddress(),
  ): Promise<request.Response> =>
    request(api.url).post('/api/auth/login').set('X-Forwarded-For', from).send(credentials);
  const sessionOf = (res: request.Response): Session => {
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const { user, accessToken, refreshToken } = res.body;
    return { id: user.id, role: user.role, accessToken, refreshToken, auth: `Bearer ${accessToken}` };
  };
  const login = async (api: ApiServer, credentials: { email: string; password: string }): Promise<Session> =>
    sessionOf(await loginAt(api, credentials));
  const register = async (api: ApiServer, email: string): Promise<Session> =>
    sessionOf(
      await request(api.url)
        .post('/api/auth/register')
        .set('X-Forwarded-For', nextAddress())
        .send({ email, password: 'violet-harbor-lantern-42', name: 'Replica Customer' }),
    );
  /**
   * Runs `check`; when it fails, the error also shows the end of both replicas' logs (warnings and
   * errors: a Redis outage, a failed publish), to tell why a change on one did not reach the other.
   */
  const withReplicaLogs = async (check: () => Promise<void>): Promise<void> => {
    try {
      await check();
    } catch (error) {
      const tail = (api: ApiServer): string => api.output().slice(-4000) || '(nothing)';
      const logs = `\n\nReplica A's log:\n${tail(a)}\n\nReplica B's log:\n${tail(b)}`;
      const failure = error as Error;
      failure.message += logs;
      if (failure.stack) failure.stack += logs;
      throw failure;
    }
  };
  const listenAt = async (api: ApiServer, session: Session): Promise<Listener> => {
    const listener = await listen(api.url, session.accessToken);
    open.push(listener);
    return listener;
  };
  const createTicket = async (api: ApiServer, session: Session, subject: string): Promise<number> => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', session.auth)
      .send({ subject, description: 'Across replicas' });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  /** Matches notifications `listener` had not received when this was called. */
  const unseen = (listener: Listener): ((n: PushedNotification) => boolean) => {
    const seen = new Set(listener.notifications.map((n) => n.id));
    return (n) => !seen.has(n.id);
  };
  const ready = (api: ApiServer): Promise<request.Response> => request(api.url).get('/api/health/ready');
  /** Resolves once `api` answers 200 at `/api/health/ready` (its Redis connected); fails after 10 s. */
  const waitUntilReady = async (api: ApiServer): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while ((await ready(api)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${api.url} did not become ready within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Polls `probe` every 100 ms until it returns true. @throws after `timeoutMs` */
  const eventually = async (
    probe: () => Promise<boolean>,
    what: string,
    timeoutMs = 15_000,
  ): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    redis = await startRedis();
    smtp = await startSmtpSink();
    admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(pgUrl as string);
    url.pathname = `/${database}`;
    const shared = {
      DATABASE_URL: url.toString(),
      REDIS_URL: redis.url,
      JWT_SECRET: 'replicas-e2e-shared-secret-0123456789abcdefghijkl',
      AUTH_RATE_LIMIT: '5',
      LOGIN_LOCKOUT_AFTER: '5',
      TRUST_PROXY: '127.0.0.1',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      OUTBOX_POLL_INTERVAL: '100ms',
      // Both replicas look for due jobs five times a second; the tests move their clocks.
      JOBS_POLL_INTERVAL: '200ms',
      CLOCK_CONTROL: 'true',
      // Access tokens expire by the API's clock, which a test moves by a day: let them outlive it.
      JWT_ACCESS_TTL: '3650d',
    };
    // One after the other: A migrates and seeds the empty database, B finds it ready.
    a = await startApi({ ...shared, SEED: 'true' });
    b = await startApi({ ...shared, SEED: 'false' });
    agent = await login(a, DEMO.agent);
    customer = await register(b, 'replica.customer@example.com');
  }, 60_000);
  afterAll(async () => {
    open.forEach((listener) => listener.close());
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await smtp?.close();
    await admin?.query(`drop database if exists ${database} with (force)`);
    await admin?.end();
  });

  it('reports Redis in readiness on both replicas', async () => {
    for (const api of [a, b]) {
      const res = await ready(api);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: { status: 'ok', checks: { database: 'up', redis: 'up' } },
      });
    }
  });

  it(`delivers notification and ticket.updated to a socket on B within ${DELIVERY_MS} ms of a change through A`, async () => {
    const id = await createTicket(b, customer, 'Printer on fire');
    const customerOnB = await listenAt(b, customer);
    const agentOnB = await listenAt(b, agent);
    expect(await customerOnB.request('ticket.subscribe', { ticketId: id })).toEqual({ ok: true });

    // Each wait starts when A has answered: the event must follow within DELIVERY_MS.
    // The agent takes the ticket on A: the customer hears of the assignment, and the ticket changed.
    const assign = await request(a.url)
      .post(`/api/tickets/${id}/assign`)
      .set('Authorization', agent.auth)
      .send({});
    expect(assign.status).toBe(200);
    const [assigned] = await Promise.all([
      customerOnB.nextNotification((n) => n.ticketId === id && n.type === 'ticket.assigned', DELIVERY_MS),
      customerOnB.nextTicketUpdate((t) => t.id === id && t.status === 'in_progress', DELIVERY_MS),
    ]);
    expect(assigned.read).toBe(false);

    // The agent replies on A: the customer on B hears of it.
    const reply = await request(a.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Unplug it first' });
    expect(reply.status).toBe(201);
    await Promise.all([
      customerOnB.nextNotification((n) => n.ticketId === id && n.type === 'ticket.replied', DELIVERY_MS),
      customerOnB.nextTicketUpdate((t) => t.id === id && t.firstResponseAt !== null, DELIVERY_MS),
    ]);

    // The customer replies on A: the assignee's socket on B hears of it.
    const answer = await request(a.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', customer.auth)
      .send({ content: 'Done, still smoking' });
    expect(answer.status).toBe(201);
    await agentOnB.nextNotification((n) => n.ticketId === id && n.type === 'ticket.replied', DELIVERY_MS);

    // A status change on A reaches the customer on B.
    const afterReply = unseen(customerOnB);
    const status = await request(a.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', agent.auth)
      .send({ status: 'resolved' });
    expect(status.status).toBe(200);
    await Promise.all([
      customerOnB.nextNotification(
        (n) => afterReply(n) && n.ticketId === id && n.type === 'ticket.status_changed',
        DELIVERY_MS,
      ),
      customerOnB.nextTicketUpdate((t) => t.id === id && t.status === 'resolved', DELIVERY_MS),
    ]);
    // Each event once, not once per replica.
    expect(customerOnB.notifications.filter((n) => n.ticketId === id).map((n) => n.type)).toEqual([
      'ticket.assigned',
      'ticket.status_changed',
      'ticket.replied',
      'ticket.status_changed',
    ]);
  });

  it('backs an account off across both replicas together after failures on either', async () => {
    const from = '10.8.0.1';
    const guess = { email: 'customer@example.com', password: 'wrong-guess' };
    for (let i = 0; i < 5; i++) expect((await loginAt(i % 2 ? b : a, guess, from)).status).toBe(401);
    const sixth = await loginAt(b, { email: 'customer@example.com', password: 'customer123' }, from);
    expectError(sixth, 429, 'RATE_LIMITED');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    // The e-mail's counter is shared too: a fresh address on A is refused for that e-mail.
    expectError(await loginAt(a, guess), 429, 'RATE_LIMITED');
  });

  it('ends the sessions on B at once, and closes their sockets there, when the user logs out everywhere on A', () =>
    withReplicaLogs(async () => {
      const phone = await login(b, DEMO.customer2);
      const laptop = await login(a, DEMO.customer2);
      expect((await request(b.url).get('/api/auth/me').set('Authorization', phone.auth)).status).toBe(200);
      const phoneSocket = await listenAt(b, phone);
      const closed = new Promise<string>((resolve) => phoneSocket.socket.once('disconnect', resolve));
      await request(a.url).post('/api/auth/logout-all').set('Authorization', laptop.auth).expect(204);
      expectError(
        await request(b.url).get('/api/auth/me').set('Authorization', phone.auth),
        401,
        'UNAUTHORIZED',
      );
      expectError(
        await request(b.url).get('/api/auth/me').set('Authorization', laptop.auth),
        401,
        'UNAUTHORIZED',
      );
      expect(await closed).toBe('io server disconnect');
    }));

  it('refuses an ended session on a replica that was not running when it ended', () =>
    withReplicaLogs(async () => {
      const session = await login(a, DEMO.customer2);
      await request(a.url).post('/api/auth/logout-all').set('Authorization', session.auth).expect(204);
      // B starts afresh: it heard nothing of the logout, and Redis' key is what it goes by. A load
      // balancer sends it traffic once it reports ready (Redis connected), and so does this test.
      await b.restart();
      await waitUntilReady(b);
      expectError(
        await request(b.url).get('/api/auth/me').set('Authorization', session.auth),
        401,
        'UNAUTHORIZED',
      );
      const fresh = await login(b, DEMO.customer2);
      expect((await request(b.url).get('/api/auth/me').set('Authorization', fresh.auth)).status).toBe(200);
    }));

  it("refuses a user's token on B at once when an admin deactivates them on A", () =>
    withReplicaLogs(async () => {
      const leaver = await register(b, 'replica.leaver@example.com');
      const adminSession = await login(a, DEMO.admin);
      // B has just read the user (and keeps them for a few seconds).
      expect((await request(b.url).get('/api/auth/me').set('Authorization', leaver.auth)).status).toBe(200);
      const res = await request(a.url)
        .patch(`/api/users/${leaver.id}`)
        .set('Authorization', adminSession.auth)
        .send({ active: false });
      expect(res.status).toBe(200);
      expectError(
        await request(b.url).get('/api/tickets').set('Authorization', leaver.auth),
        401,
        'UNAUTHORIZED',
      );
    }));

  it('keeps answering HTTP while Redis is down, reports it in readiness, and resumes real-time delivery when it is back', async () => {
    const id = await createTicket(b, customer, 'Through the outage');
    const customerOnB = await listenAt(b, customer);
    expect(await customerOnB.request('ticket.subscribe', { ticketId: id })).toEqual({ ok: true });

    const statuses: number[] = [];
    // Reads on both replicas all along, from before the outage until real-time delivery is back.
    let outageOver = false;
    const background = (async () => {
      while (!outageOver) {
        for (const api of [a, b]) {
          statuses.push(
            (await request(api.url).get('/api/tickets').set('Authorization', customer.auth)).status,
          );
          statuses.push((await request(api.url).get('/api/auth/me').set('Authorization', agent.auth)).status);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await redis.stop();
    const traffic = async (api: ApiServer, i: number): Promise<void> => {
      statuses.push((await request(api.url).get('/api/tickets').set('Authorization', agent.auth)).status);
      statuses.push((await request(api.url).get('/api/auth/me').set('Authorization', customer.auth)).status);
      statuses.push((await loginAt(api, DEMO.agent2)).status);
      const reply = await request(api.url)
        .post(`/api/tickets/${id}/replies`)
        .set('Authorization', agent.auth)
        .send({ content: `During the outage ${i}` });
      statuses.push(reply.status);
    };
    for (const api of [a, b]) {
      await eventually(async () => (await ready(api)).status === 503, 'readiness reports Redis down');
      const res = await ready(api);
      expect(expectError(res, 503, 'REDIS_UNAVAILABLE').message).toMatch(/redis/);
    }
    for (let i = 0; i < 3; i++) {
      await traffic(a, i);
      await traffic(b, i);
    }
    // Ending a session still works on the replica it is on, and closes its sockets there.
    const leaving = await register(b, 'replica.outage@example.com');
    const leavingSocket = await listenAt(b, leaving);
    const closed = new Promise<string>((resolve) => leavingSocket.socket.once('disconnect', resolve));
    statuses.push(
      (await request(b.url).post('/api/auth/logout-all').set('Authorization', leaving.auth)).status,
    );
    expect(await closed).toBe('io server disconnect');
    expectError(
      await request(b.url).get('/api/auth/me').set('Authorization', leaving.auth),
      401,
      'UNAUTHORIZED',
    );
    expect(statuses.filter((status) => status >= 300)).toEqual([]);

    await redis.start();
    for (const api of [a, b]) {
      await eventually(async () => (await ready(api)).status === 200, 'readiness reports Redis up');
      expect((await ready(api)).body).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up' } });
    }
    // The replicas' subscriptions come back on their own: a change through A reaches B again.
    await eventually(async () => {
      const seen = new Set(customerOnB.notifications.map((n) => n.id));
      await request(a.url)
        .post(`/api/tickets/${id}/replies`)
        .set('Authorization', agent.auth)
        .send({ content: 'After the outage' })
        .expect(201);
      return customerOnB
        .nextNotification((n) => n.ticketId === id && !seen.has(n.id), DELIVERY_MS)
        .then(() => true)
        .catch(() => false);
    }, 'a change through A reaches a socket on B again');
    await request(a.url)
      .post(`/api/tickets/${id}/assign`)
      .set('Authorization', agent.auth)
      .send({})
      .expect(200);
    await Promise.all([
      customerOnB.nextNotification((n) => n.ticketId === id && n.type === 'ticket.assigned', DELIVERY_MS),
      customerOnB.nextTicketUpdate((t) => t.id === id && t.status === 'in_progress', DELIVERY_MS),
    ]);
    outageOver = true;
    await background;
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status >= 300)).toEqual([]);
  }, 60_000);
  /** Runs of each recurring job that ended well, summed over both replicas (from `/metrics`). */
  const jobRuns = async (): Promise<Record<string, number>> => {
    const runs: Record<string, number> = {};
    for (const api of [a, b]) {
      const text = (await request(api.url).get('/metrics').expect(200)).text;
      for (const [, labels, value] of text.matchAll(/^helpdesk_job_runs_total\{([^}]*)\} (\d+)$/gm)) {
        const job = /job="([^"]+)"/.exec(labels)?.[1] as string;
        if (labels.includes('outcome="ok"')) runs[job] = (runs[job] ?? 0) + Number(value);
      }
    }
    return runs;
  };
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('sends each e-mail of the traffic above once, whichever replica queued it, with both sending', async () => {
    const counts = async (): Promise<{ sent: number; pending: number }> => {
      const url = new URL(pgUrl as string);
      url.pathname = `/${database}`;
      const own = new Client({ connectionString: url.toString() });
      await own.connect();
      try {
        const {
          rows: [row],
        } = await own.query<{ sent: string; pending: string }>(
          'select count(*) filter (where sent_at is not null) as sent, count(*) filter (where sent_at is null and failed_at is null) as pending from outbox_messages',
        );
        return { sent: Number(row.sent), pending: Number(row.pending) };
      } finally {
        await own.end();
      }
    };
    await eventually(async () => (await counts()).pending === 0, 'the outbox is empty');
    const { sent } = await counts();
    expect(sent).toBeGreaterThan(3);
    await eventually(async () => smtp.messages.length >= sent, 'every sent e-mail reached the sink');
    const ids = smtp.messages.map((mail) => mail.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(sent);
  });

  it('runs each recurring job once per turn across both replicas', async () => {
    await eventually(async () => (await jobRuns())['maintenance.purge'] === 1, 'the purge job ran');
    // Both replicas poll five times a second: a few more seconds must not run anything again.
    await sleep(1500);
    const first = await jobRuns();
    expect(Object.keys(first)).toContain('maintenance.purge');
    for (const [job, runs] of Object.entries(first)) expect({ job, runs }).toEqual({ job, runs: 1 });

    // A day later on both clocks every job is due again: each runs once more, on one replica.
    for (const api of [a, b]) {
      await request(api.url)
        .put('/api/testing/clock')
        .send({ advanceMs: 25 * 3600_000 })
        .expect(200);
    }
    await eventually(
      async () => Object.values(await jobRuns()).every((runs) => runs === 2),
      'every job ran a second time',
    );
    await sleep(1500);
    const second = await jobRuns();
    for (const job of Object.keys(first)) expect({ job, runs: second[job] }).toEqual({ job, runs: 2 });
  });

  it("keeps B answering when A is killed mid-traffic; A's sockets reconnect to B and catch up", async () => {
    // A load balancer in front of both: new connections go to A while it is up, then to B.
    const proxy = await startProxy([a.url, b.url]);
    const id = await createTicket(b, customer, 'Through the crash');
    const viaProxy = await listen(proxy.url, customer.accessToken, { reconnect: true });
    open.push(viaProxy);
    expect(await viaProxy.request('ticket.subscribe', { ticketId: id })).toEqual({ ok: true });
    const reconnected = new Promise<void>((resolve) => viaProxy.socket.io.once('reconnect', () => resolve()));

    const statuses: number[] = [];
    let crashOver = false;
    const background = (async () => {
      while (!crashOver) {
        statuses.push((await request(b.url).get('/api/tickets').set('Authorization', agent.auth)).status);
        statuses.push(
          (await request(b.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).status,
        );
        await sleep(10);
      }
    })();
    await sleep(300);
    await a.kill('SIGKILL');
    // While the customer's socket is away, the agent answers through B.
    const missed = await request(b.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Answered while you were away' });
    expect(missed.status).toBe(201);

    // The client retries by itself and lands on B; like the web app, it subscribes again and
    // reads its notifications afresh, which holds the one it may have missed.
    await reconnected;
    expect(await viaProxy.request('ticket.subscribe', { ticketId: id })).toEqual({ ok: true });
    const list = await request(proxy.url).get('/api/notifications').set('Authorization', customer.auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ ticketId: id, type: 'ticket.replied', read: false }),
    );
    // And it hears what happens next, live from B.
    const before = unseen(viaProxy);
    const earlierUpdates = new Set(viaProxy.ticketUpdates);
    await request(b.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Back online' })
      .expect(201);
    await Promise.all([
      viaProxy.nextNotification(
        (n) => before(n) && n.ticketId === id && n.type === 'ticket.replied',
        DELIVERY_MS,
      ),
      viaProxy.nextTicketUpdate((t) => t.id === id && !earlierUpdates.has(t), DELIVERY_MS),
    ]);

    crashOver = true;
    await background;
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((status) => status >= 300)).toEqual([]);
    await proxy.close();
  }, 60_000);
});
