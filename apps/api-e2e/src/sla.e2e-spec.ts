import { Client } from 'pg';
import request from 'supertest';

import type { TicketSlaView } from '@hd/shared/domain';

import {
  ApiServer,
  DEMO,
  Session,
  expectError,
  login,
  registerCustomer,
  startApi,
} from './support/api-server';
import { nextMailFile, readMailbox } from './support/mail';
import { Listener, listen } from './support/sockets';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A ticket's `sla` as the API answers it. */
type Sla = TicketSlaView;

interface Ticket {
  id: number;
  number: string;
  status: string;
  createdAt: string;
  sla: Sla;
}

const ms = (iso: string | null): number => (iso ? Date.parse(iso) : Number.NaN);
const plus = (iso: string, add: number): string => new Date(Date.parse(iso) + add).toISOString();

/** PostgreSQL too when `PG_TEST_URL` names a server (a scratch database per run). */
const pgUrl = process.env['PG_TEST_URL'];
const DIALECTS = pgUrl ? ['sqlite', 'postgresql'] : ['sqlite'];

/**
 * Service levels over HTTP, on the built API with a clock the tests move (`CLOCK_CONTROL`) and the
 * recurring jobs polled every 200 ms, on SQLite and (with `PG_TEST_URL`) PostgreSQL. The tests only
 * ever move the clock forward (a job's next turn is kept in clock time), in file order: policies,
 * the 24/7 rules, the queue, the alerts, then business hours around Christmas 2026.
 */
describe.each(DIALECTS)('SLA (%s)', (dialect) => {
  let api: ApiServer;
  let pg: Client | null = null;
  const database = `helpdesk_sla_${process.pid}_${Date.now()}`;
  let admin: Session;
  let agent: Session;
  let agent2: Session;
  let customer: Session;
  const on = {} as Record<'admin' | 'agent' | 'agent2' | 'customer', Listener>;

  const as = (session: Session) => ({
    get: (path: string) => request(api.url).get(path).set('Authorization', session.auth),
    post: (path: string, body: object = {}) =>
      request(api.url).post(path).set('Authorization', session.auth).send(body),
    patch: (path: string, body: object) =>
      request(api.url).patch(path).set('Authorization', session.auth).send(body),
    put: (path: string, body: object) =>
      request(api.url).put(path).set('Authorization', session.auth).send(body),
  });

  const open = async (
    priority: string,
    who: Session = customer,
    subject = 'Cannot log in',
  ): Promise<Ticket> => {
    const res = await as(who).post('/api/tickets', { subject, description: 'Since this morning.', priority });
    expect(res.status).toBe(201);
    return res.body;
  };
  const read = async (id: number, who: Session = agent): Promise<Ticket> => {
    const res = await as(who).get(`/api/tickets/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const move = async (id: number, status: string, who: Session = agent): Promise<Ticket> => {
    const res = await as(who).patch(`/api/tickets/${id}/status`, { status });
    expect(res.status).toBe(200);
    return res.body;
  };
  const reply = async (id: number, who: Session, internal = false): Promise<{ createdAt: string }> => {
    const res = await as(who).post(`/api/tickets/${id}/replies`, { content: 'On it.', internal });
    expect(res.status).toBe(201);
    return res.body;
  };
  const assign = async (id: number, agentId: number): Promise<void> => {
    expect((await as(admin).post(`/api/tickets/${id}/assign`, { agentId })).status).toBe(200);
  };

  const now = async (): Promise<string> => (await request(api.url).get('/api/testing/clock')).body.now;
  const setClock = async (at: string): Promise<void> => {
    expect(Date.parse(at)).toBeGreaterThan(Date.parse(await now()));
    expect((await request(api.url).put('/api/testing/clock').send({ now: at })).status).toBe(200);
  };
  const advance = async (by: number): Promise<void> => {
    expect((await request(api.url).put('/api/testing/clock').send({ advanceMs: by })).status).toBe(200);
  };
  const metric = async (line: RegExp): Promise<number> => {
    const text = (await request(api.url).get('/metrics')).text;
    return Number(line.exec(text)?.[1] ?? 0);
  };
  const jobRuns = (): Promise<number> =>
    metric(/^helpdesk_job_runs_total\{job="sla\.check",outcome="ok"\} (\d+)/m);
  const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  /**
   * Lets `sla.check` run on the clock as it is now: two turns, each after moving the clock one
   * interval (a minute) on, so the second certainly started after any move made before the call.
   */
  const runSlaCheck = async (): Promise<void> => {
    for (let turn = 0; turn < 2; turn++) {
      const before = await jobRuns();
      await advance(61_000);
      await until(async () => (await jobRuns()) > before, 'a run of sla.check');
    }
  };
  const slaPushes = (listener: Listener, ticketId: number) =>
    listener.notifications
      .filter((n) => n.ticketId === ticketId && n.type.startsWith('sla.'))
      .map((n) => n.type);

  beforeAll(async () => {
    const env: Record<string, string> = {
      CLOCK_CONTROL: 'true',
      JOBS_POLL_INTERVAL: '200ms',
      // Access tokens expire by the API's clock, which these tests move by days: let them outlive it.
      JWT_ACCESS_TTL: '3650d',
    };
    if (dialect === 'postgresql') {
      pg = new Client({ connectionString: pgUrl });
      await pg.connect();
      await pg.query(`create database ${database}`);
      const url = new URL(pgUrl as string);
      url.pathname = `/${database}`;
      env['DATABASE_URL'] = url.toString();
    }
    api = await startApi(env);
    [admin, agent, agent2] = await Promise.all([
      login(api.url, DEMO.admin),
      login(api.url, DEMO.agent),
      login(api.url, DEMO.agent2),
    ]);
    customer = await registerCustomer(api.url, 'sla.customer@example.com', 'Sally Slack');
    on.admin = await listen(api.url, admin.accessToken);
    on.agent = await listen(api.url, agent.accessToken);
    on.agent2 = await listen(api.url, agent2.accessToken);
    on.customer = await listen(api.url, customer.accessToken);
  });
  afterAll(async () => {
    Object.values(on).forEach((listener) => listener.close());
    await api?.stop();
    if (pg) {
      await pg.query(`drop database if exists ${database} with (force)`);
      await pg.end();
    }
  });

  describe('policies', () => {
    it('staff read the defaults, most urgent first; customers may not', async () => {
      const res = await as(agent).get('/api/sla-policies');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          { priority: 'urgent', firstResponseMinutes: 120, resolutionMinutes: 1440, updatedAt: null },
          { priority: 'high', firstResponseMinutes: 240, resolutionMinutes: 2880, updatedAt: null },
          { priority: 'medium', firstResponseMinutes: 480, resolutionMinutes: 7200, updatedAt: null },
          { priority: 'low', firstResponseMinutes: 1440, resolutionMinutes: 14400, updatedAt: null },
        ],
      });
      expectError(await as(customer).get('/api/sla-policies'), 403, 'ROLE_FORBIDDEN');
      expectError(await request(api.url).get('/api/sla-policies'), 401);
    });

    it('only admins change them; bad targets are 400s, an unknown priority a 404', async () => {
      const valid = { firstResponseMinutes: 60, resolutionMinutes: 600 };
      expectError(await as(agent).put('/api/sla-policies/low', valid), 403, 'ROLE_FORBIDDEN');
      expectError(await as(customer).put('/api/sla-policies/low', valid), 403, 'ROLE_FORBIDDEN');
      for (const body of [
        {},
        { firstResponseMinutes: 60 },
        { firstResponseMinutes: 0, resolutionMinutes: 600 },
        { firstResponseMinutes: 1.5, resolutionMinutes: 600 },
        { firstResponseMinutes: '60', resolutionMinutes: 600 },
        { firstResponseMinutes: 60, resolutionMinutes: 525_601 },
        { firstResponseMinutes: 120, resolutionMinutes: 60 },
        { ...valid, priority: 'urgent' },
      ]) {
        expectError(await as(admin).put('/api/sla-policies/low', body), 400, 'VALIDATION_FAILED');
      }
      expectError(await as(admin).put('/api/sla-policies/critical', valid), 404, 'NOT_FOUND');
    });

    it('an admin sets a priority’s targets: audited, and new tickets of that priority follow them', async () => {
      const res = await as(admin).put('/api/sla-policies/low', {
        firstResponseMinutes: 60,
        resolutionMinutes: 600,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        priority: 'low',
        firstResponseMinutes: 60,
        resolutionMinutes: 600,
        updatedAt: expect.stringMatching(/Z$/),
      });
      expect((await as(agent).get('/api/sla-policies')).body.items[3]).toEqual(res.body);
      const audit = await as(admin).get('/api/audit');
      expect(audit.body.items[0]).toMatchObject({
        action: 'sla_policy.updated',
        actor: { id: admin.id },
        target: { type: 'sla_policy', id: 0 },
        changes: {
          firstResponseMinutes: { from: 1440, to: 60 },
          resolutionMinutes: { from: 14400, to: 600 },
        },
      });
      const ticket = await open('low');
      expect(ms(ticket.sla.firstResponseDueAt) - ms(ticket.createdAt)).toBe(HOUR);
      expect(ms(ticket.sla.resolutionDueAt) - ms(ticket.createdAt)).toBe(10 * HOUR);
      // Back to the defaults for the tests below.
      await as(admin).put('/api/sla-policies/low', { firstResponseMinutes: 1440, resolutionMinutes: 14400 });
    });
  });

  describe('the OpenAPI document', () => {
    it('describes the policies, every error, the tickets’ sla and the queue’s sla filter and dueAt sort', async () => {
      const { paths, components } = (await request(api.url).get('/docs-json')).body;
      const policies = paths['/api/sla-policies'];
      const one = paths['/api/sla-policies/{priority}'];
      expect(Object.keys(policies.get.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
      expect(Object.keys(one.put.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '404']),
      );
      expect(components.schemas.TicketResponse.properties.sla.allOf).toEqual([
        { $ref: '#/components/schemas/TicketSlaResponse' },
      ]);
      expect(Object.keys(components.schemas.TicketSlaResponse.properties).sort()).toEqual(
        [
          'atRiskAt',
          'dueAt',
          'firstResponseAt',
          'firstResponseBreached',
          'firstResponseDueAt',
          'pausedAt',
          'resolutionBreached',
          'resolutionDueAt',
          'resolvedAt',
        ].sort(),
      );
      const parameters = paths['/api/tickets'].get.parameters as Array<{
        name: string;
        schema: { enum?: string[] };
      }>;
      expect(parameters.find((p) => p.name === 'sla')?.schema.enum).toEqual(['breached', 'at_risk']);
      expect(parameters.find((p) => p.name === 'sort')?.schema.enum).toContain('dueAt');
    });
  });

  describe('the clocks, 24/7', () => {
    it.each([
      ['urgent', 2 * HOUR, 24 * HOUR],
      ['high', 4 * HOUR, 48 * HOUR],
      ['medium', 8 * HOUR, 5 * 24 * HOUR],
      ['low', 24 * HOUR, 10 * 24 * HOUR],
    ])(
      'a new %s ticket is due from its creation, in the detail and in the list',
      async (priority, first, resolution) => {
        const ticket = await open(priority);
        const created = ticket.createdAt;
        const expected: Sla = {
          firstResponseDueAt: plus(created, first),
          resolutionDueAt: plus(created, resolution),
          firstResponseAt: null,
          resolvedAt: null,
          firstResponseBreached: false,
          resolutionBreached: false,
          pausedAt: null,
          dueAt: plus(created, first),
          atRiskAt: plus(created, first * 0.8),
        };
        expect(ticket.sla).toEqual(expected);
        expect((await read(ticket.id)).sla).toEqual(expected);
        expect((await read(ticket.id, customer)).sla).toEqual(expected);
        const list = await as(customer).get('/api/tickets?pageSize=100');
        expect(list.body.items.find((t: Ticket) => t.id === ticket.id).sla).toEqual(expected);
      },
    );

    it('the first response is staff’s first public reply: a customer’s reply or an internal note does not count', async () => {
      const ticket = await open('urgent');
      await reply(ticket.id, customer);
      await reply(ticket.id, agent, true);
      const noted = await read(ticket.id);
      expect(noted.sla).toMatchObject({ firstResponseAt: null, dueAt: noted.sla.firstResponseDueAt });
      const answer = await reply(ticket.id, agent);
      const answered = await read(ticket.id);
      expect(answered.sla).toMatchObject({
        firstResponseAt: answer.createdAt,
        firstResponseBreached: false,
        dueAt: answered.sla.resolutionDueAt,
        atRiskAt: plus(ticket.createdAt, 24 * HOUR * 0.8),
      });
      await reply(ticket.id, agent2);
      expect((await read(ticket.id)).sla.firstResponseAt).toBe(answer.createdAt);
    });

    it('the resolution clock pauses while waiting on the customer, stops at resolved, and resumes on a reopen', async () => {
      const ticket = await open('urgent');
      await assign(ticket.id, agent.id);
      await reply(ticket.id, agent);
      const due = ms(ticket.sla.resolutionDueAt);
      const waiting = await move(ticket.id, 'waiting_on_customer');
      expect(waiting.sla).toMatchObject({ pausedAt: expect.any(String), dueAt: null, atRiskAt: null });
      await advance(3 * HOUR);
      // The customer's answer puts the ticket back in progress by itself.
      const answer = await reply(ticket.id, customer);
      const resumed = await read(ticket.id);
      expect(resumed.status).toBe('in_progress');
      const paused = ms(answer.createdAt) - ms(waiting.sla.pausedAt);
      expect(Math.abs(ms(resumed.sla.resolutionDueAt) - (due + paused))).toBeLessThanOrEqual(1000);
      expect(resumed.sla).toMatchObject({ pausedAt: null, dueAt: resumed.sla.resolutionDueAt });

      const resolved = await move(ticket.id, 'resolved');
      expect(resolved.sla).toMatchObject({
        resolvedAt: expect.any(String),
        dueAt: null,
        resolutionBreached: false,
      });
      await advance(HOUR);
      const reopened = await move(ticket.id, 'reopened', customer);
      expect(reopened.sla.resolvedAt).toBeNull();
      const stopped = ms(reopened.sla.resolutionDueAt) - ms(resumed.sla.resolutionDueAt);
      expect(Math.abs(stopped - HOUR)).toBeLessThanOrEqual(1000);
      expect(reopened.sla.dueAt).toBe(reopened.sla.resolutionDueAt);
    });

    it('a priority change computes the due times again from creation, keeping the pauses', async () => {
      const ticket = await open('urgent');
      await assign(ticket.id, agent.id);
      await move(ticket.id, 'waiting_on_customer');
      await advance(2 * HOUR);
      await move(ticket.id, 'in_progress');
      const res = await as(agent).patch(`/api/tickets/${ticket.id}`, { priority: 'low' });
      expect(res.status).toBe(200);
      const sla: Sla = res.body.sla;
      expect(sla.firstResponseDueAt).toBe(plus(ticket.createdAt, 24 * HOUR));
      expect(
        Math.abs(ms(sla.resolutionDueAt) - ms(plus(ticket.createdAt, 240 * HOUR + 2 * HOUR))),
      ).toBeLessThanOrEqual(1000);
      expect(sla).toMatchObject({ dueAt: sla.firstResponseDueAt, firstResponseBreached: false });
    });
  });

  describe('the queue', () => {
    it('sort=dueAt lists the nearest due first and tickets with no running clock last, by page and by cursor', async () => {
      const owner = await registerCustomer(api.url, 'sla.sort@example.com');
      const low = await open('low', owner);
      const urgent = await open('urgent', owner);
      const done = await open('urgent', owner);
      await assign(done.id, agent.id);
      await move(done.id, 'resolved');
      const high = await open('high', owner);
      const res = await as(owner).get('/api/tickets?sort=dueAt');
      expect(res.status).toBe(200);
      const order = [urgent.id, high.id, low.id, done.id];
      expect(res.body.items.map((t: Ticket) => t.id)).toEqual(order);
      expect(res.body.items[3].sla.dueAt).toBeNull();

      const walked: number[] = [];
      let cursor: string | null = null;
      do {
        const page: request.Response = await as(owner).get(
          `/api/tickets?sort=dueAt&pageSize=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        walked.push(...page.body.items.map((t: Ticket) => t.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(order);
      const second = await as(owner).get('/api/tickets?sort=dueAt&pageSize=2&page=2');
      expect(second.body.items.map((t: Ticket) => t.id)).toEqual([low.id, done.id]);
      const staff = await as(agent).get('/api/tickets?sort=dueAt&pageSize=100');
      const all: Array<string | null> = staff.body.items.map((t: Ticket) => t.sla.dueAt);
      const dues = all.filter((d) => d !== null);
      expect(all.slice(0, dues.length)).toEqual([...dues].sort());
      expectError(await as(owner).get('/api/tickets?sort=-dueAt'), 400, 'VALIDATION_FAILED');
    });

    it('sla=at_risk and sla=breached find the tickets past their at-risk threshold or due time', async () => {
      const owner = await registerCustomer(api.url, 'sla.filters@example.com');
      const ids = async (filter: string): Promise<number[]> => {
        const res = await as(owner).get(`/api/tickets?sla=${filter}`);
        expect(res.status).toBe(200);
        return res.body.items.map((t: Ticket) => t.id);
      };
      const first = await open('urgent', owner);
      await advance(100 * MINUTE);
      const second = await open('urgent', owner);
      expect(await ids('at_risk')).toEqual([first.id]);
      expect(await ids('breached')).toEqual([]);
      await advance(25 * MINUTE);
      expect(await ids('breached')).toEqual([first.id]);
      expect(await ids('at_risk')).toEqual([]);
      expect((await read(first.id)).sla.firstResponseBreached).toBe(true);
      expect((await read(second.id)).sla.firstResponseBreached).toBe(false);
      const staff = await as(agent).get('/api/tickets?sla=breached&pageSize=100');
      expect(staff.body.items.map((t: Ticket) => t.id)).toContain(first.id);
      const clock = Date.parse(await now());
      expect(staff.body.items.every((t: Ticket) => ms(t.sla.dueAt) <= clock)).toBe(true);
      expectError(await as(owner).get('/api/tickets?sla=late'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('alerts', () => {
    it('raises at risk and breached once per ticket and target, in-app, by e-mail and over socket.io, to the right people', async () => {
      const ticket = await open('urgent', customer, 'Payroll export stuck');
      const breachesBefore = await metric(/^helpdesk_sla_breaches_total\{target="first_response"\} (\d+)/m);

      // At risk while unassigned: every member of staff hears of it.
      await setClock(plus(ticket.createdAt, 97 * MINUTE));
      await runSlaCheck();
      for (const listener of [on.agent, on.agent2, on.admin]) {
        await listener.nextNotification((n) => n.ticketId === ticket.id && n.type === 'sla.at_risk');
      }
      const atRiskMail = await nextMailFile(
        api.dataDir,
        (m) =>
          m.to.includes(DEMO.agent2.email) && m.subject.includes(ticket.number) && /SLA at risk/.test(m.text),
      );
      expect(atRiskMail.text).toContain('First response on "Payroll export stuck" (urgent priority) is due');

      // Breached once assigned: the assignee and the admins.
      await assign(ticket.id, agent.id);
      await setClock(plus(ticket.createdAt, 121 * MINUTE));
      await runSlaCheck();
      await on.agent.nextNotification((n) => n.ticketId === ticket.id && n.type === 'sla.breached');
      await on.admin.nextNotification((n) => n.ticketId === ticket.id && n.type === 'sla.breached');
      await nextMailFile(
        api.dataDir,
        (m) =>
          m.to.includes(DEMO.agent.email) && m.subject.includes(ticket.number) && /SLA breached/.test(m.text),
      );

      // Another turn raises nothing again.
      await runSlaCheck();
      expect(slaPushes(on.agent, ticket.id)).toEqual(['sla.at_risk', 'sla.breached']);
      expect(slaPushes(on.admin, ticket.id)).toEqual(['sla.at_risk', 'sla.breached']);
      expect(slaPushes(on.agent2, ticket.id)).toEqual(['sla.at_risk']);
      expect(slaPushes(on.customer, ticket.id)).toEqual([]);
      const stored = await as(agent).get('/api/notifications?pageSize=100');
      expect(
        stored.body.items.filter(
          (n: { ticketId: number; type: string }) => n.ticketId === ticket.id && n.type.startsWith('sla.'),
        ),
      ).toHaveLength(2);
      expect(
        (await as(customer).get('/api/notifications?pageSize=100')).body.items.filter((n: { type: string }) =>
          n.type.startsWith('sla.'),
        ),
      ).toEqual([]);
      const breachMails = readMailbox(api.dataDir).filter(
        (m) => m.subject.includes(ticket.number) && /SLA breached/.test(m.text),
      );
      expect(
        breachMails
          .map((m) => m.to)
          .flat()
          .sort(),
      ).toEqual([DEMO.admin.email, DEMO.agent.email].sort());
      expect(
        await metric(/^helpdesk_sla_breaches_total\{target="first_response"\} (\d+)/m),
      ).toBeGreaterThanOrEqual(breachesBefore + 1);

      // The history records the breach as a system event, for staff only.
      const history = await as(agent).get(`/api/tickets/${ticket.id}/history`);
      expect(history.body.items).toContainEqual(
        expect.objectContaining({
          type: 'sla_breached',
          system: true,
          actor: null,
          field: 'first_response',
          to: (await read(ticket.id)).sla.firstResponseDueAt,
        }),
      );
      const theirs = await as(customer).get(`/api/tickets/${ticket.id}/history`);
      expect(theirs.body.items.map((e: { type: string }) => e.type)).not.toContain('sla_breached');
    });
  });

  describe('settings', () => {
    it('a new at-risk threshold moves the at-risk instant of the tickets whose clocks run', async () => {
      const ticket = await open('urgent');
      expect(ticket.sla.atRiskAt).toBe(plus(ticket.createdAt, 96 * MINUTE));
      expect((await as(admin).patch('/api/settings', { sla: { atRiskThreshold: 0.5 } })).status).toBe(200);
      await until(
        async () => (await read(ticket.id)).sla.atRiskAt === plus(ticket.createdAt, HOUR),
        'the at-risk instant at half of the target',
      );
      expect((await read(ticket.id)).sla.dueAt).toBe(ticket.sla.dueAt);
      const later = await open('urgent');
      expect(later.sla.atRiskAt).toBe(plus(later.createdAt, HOUR));
      await as(admin).patch('/api/settings', { sla: { atRiskThreshold: 0.8 } });
    });
  });

  describe('business hours', () => {
    afterAll(async () => {
      await as(admin).patch('/api/settings', { businessHours: { enabled: false } });
    });

    it('count only opening hours, skipping the weekend and a holiday (Christmas 2026 in London)', async () => {
      const settings = await as(admin).patch('/api/settings', {
        businessHours: { enabled: true, timeZone: 'Europe/London', holidays: ['2026-12-25'] },
      });
      expect(settings.status).toBe(200);
      // Thursday 24 December, 16:00 in London (GMT): one business hour left that day.
      await setClock('2026-12-24T16:00:00.000Z');
      const urgent = await open('urgent');
      // 2 h: 1 h on Thursday, Friday is Christmas, the weekend, 1 h on Monday 28th.
      expect(urgent.sla.firstResponseDueAt).toMatch(/^2026-12-28T10:00:0/);
      // 24 h: 1 h Thursday, 8 h Monday, 8 h Tuesday, 7 h Wednesday.
      expect(urgent.sla.resolutionDueAt).toMatch(/^2026-12-30T16:00:0/);
      const high = await open('high');
      expect(high.sla.firstResponseDueAt).toMatch(/^2026-12-28T12:00:0/);
      // 48 h: 1 h Thursday, then 8 h a day from Monday 28th to Friday 1 January, 7 h on Monday 4th.
      expect(high.sla.resolutionDueAt).toMatch(/^2027-01-04T16:00:0/);
    });
  });
});
