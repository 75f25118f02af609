import request from 'supertest';

import { ApiServer, Session, registerCustomer } from './api-server';
import { sql } from './database';

/** The fixture's period: Monday 3 to Wednesday 5 March 2031 (UTC), both days included. */
export const PERIOD = 'from=2031-03-03&to=2031-03-05';

/**
 * From Monday to Tuesday 12:30: T3 was resolved on Tuesday at 12:00 and reopened at 13:00, so it is
 * out of the backlog at the end (backlog 1: T2), though it has been reopened since; Monday ends
 * with T2 alone too.
 */
export const REOPENED_SPELL = {
  query: 'from=2031-03-03&to=2031-03-04T12:30:00Z&interval=day',
  backlogs: [1, 1],
};

/** The helpdesk {@link buildReportFixture} builds, with the report figures worked out by hand. */
export interface ReportFixture {
  admin: Session;
  xavier: Session;
  yvonne: Session;
  customer: Session;
  /** Asserts `GET /api/reports/summary?${PERIOD}&interval=day` against the figures below. */
  expectSummary(body: Record<string, unknown>): void;
  /** Asserts `GET /api/reports/agents?${PERIOD}` against the figures below. */
  expectAgents(body: unknown): void;
}

/** Gives a registered user another role, as an operator would in the database (there is no first admin without the seed). */
export type Promote = (userId: number, role: 'agent' | 'admin') => Promise<void>;

/** {@link Promote} on a test API's SQLite file. */
export const promoteInSqlite =
  (api: ApiServer): Promote =>
  async (userId, role) => {
    await sql(api.dataDir, 'update users set role = ? where id = ?', [role, userId]);
  };

/** A duration in minutes as the API reports it: the steps run a few ms after the clock is set. */
const minutes = (value: number): unknown => expect.closeTo(value, 1);

/**
 * Builds, through the API of an unseeded server started with `CLOCK_CONTROL=true`, with the clock set
 * before each step (UTC, default SLA targets, business hours off):
 *
 * | ticket | priority | created    | assignee | first response | resolved   | closed     | FR due     | resolution due |
 * | T1     | urgent   | Mon 09:00  | Xavier   | Mon 09:30      | Mon 11:00  | -          | Mon 11:00  | Tue 09:00      |
 * | T2     | medium   | Mon 09:00  | Yvonne   | Mon 18:00      | -          | -          | Mon 17:00  | Sat 09:00      |
 * | T3     | medium   | Tue 08:00  | Xavier   | Tue 08:30      | Tue 12:00  | -          | Tue 16:00  | Sun 08:00 (+1 h paused) |
 * | T4     | low      | Tue 14:00  | -        | -              | -          | Tue 15:00  | Wed 14:00  | Fri 14:00 (10 days) |
 *
 * T3 is reopened by its customer on Tue 13:00; T4 is withdrawn (closed) by its customer. The clock
 * ends on Wed 20:00. So, by day: created 2, 2, 0; resolved 1 (T1), 1 (T3), 0; closed 0, 1, 0;
 * backlog 1 (T2), 2 (T2 and T3: reopened, it counts from creation), 2. First responses 30, 540,
 * 30 minutes: median 30, p90 438; resolutions 120, 240: median 180, p90 228. SLA: first responses
 * met T1, T3, missed T2, T4 (due Wed 14:00, never answered): 0.5; resolutions met T1, T4 (closed
 * in time), the others not yet due: 1.
 */
export async function buildReportFixture(
  api: ApiServer,
  promote: Promote = promoteInSqlite(api),
): Promise<ReportFixture> {
  const clock = async (iso: string): Promise<void> => {
    const res = await request(api.url)
      .put('/api/testing/clock')
      .send({ now: `2031-03-${iso}:00Z` });
    if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const call = async (
    session: Session,
    method: 'post' | 'patch',
    path: string,
    body: object,
  ): Promise<Record<string, unknown>> => {
    const res = await request(api.url)[method](path).set('Authorization', session.auth).send(body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const open = async (priority: string): Promise<number> =>
    (await call(customer, 'post', '/api/tickets', { subject: 'Report me', description: 'D', priority }))[
      'id'
    ] as number;
  const assign = (session: Session, id: number) => call(session, 'post', `/api/tickets/${id}/assign`, {});
  const reply = (session: Session, id: number) =>
    call(session, 'post', `/api/tickets/${id}/replies`, { content: 'On it' });
  const move = (session: Session, id: number, status: string) =>
    call(session, 'patch', `/api/tickets/${id}/status`, { status });

  await clock('01T08:00');
  const admin = await registerCustomer(api.url, 'ada.reports@example.com', 'Ada Admin');
  const xavier = await registerCustomer(api.url, 'xavier.reports@example.com', 'Xavier Agent');
  const yvonne = await registerCustomer(api.url, 'yvonne.reports@example.com', 'Yvonne Agent');
  const customer = await registerCustomer(api.url, 'cleo.reports@example.com', 'Cleo Customer');
  await promote(admin.id, 'admin');
  await promote(xavier.id, 'agent');
  await promote(yvonne.id, 'agent');

  await clock('03T09:00');
  const t1 = await open('urgent');
  const t2 = await open('medium');
  await clock('03T09:30');
  await assign(xavier, t1);
  await reply(xavier, t1);
  await clock('03T10:00');
  await assign(yvonne, t2);
  await clock('03T11:00');
  await move(xavier, t1, 'resolved');
  await clock('03T18:00');
  await reply(yvonne, t2);

  await clock('04T08:00');
  const t3 = await open('medium');
  await clock('04T08:30');
  await assign(xavier, t3);
  await reply(xavier, t3);
  await clock('04T12:00');
  await move(xavier, t3, 'resolved');
  await clock('04T13:00');
  await move(customer, t3, 'reopened');
  await clock('04T14:00');
  const t4 = await open('low');
  await clock('04T15:00');
  await move(customer, t4, 'closed');
  await clock('05T20:00');

  return {
    admin,
    xavier,
    yvonne,
    customer,
    expectSummary(body) {
      expect(body).toEqual({
        from: '2031-03-03T00:00:00.000Z',
        to: '2031-03-06T00:00:00.000Z',
        timeZone: 'UTC',
        interval: 'day',
        buckets: [
          {
            start: '2031-03-03T00:00:00.000Z',
            end: '2031-03-04T00:00:00.000Z',
            created: 2,
            resolved: 1,
            closed: 0,
            backlog: 1,
          },
          {
            start: '2031-03-04T00:00:00.000Z',
            end: '2031-03-05T00:00:00.000Z',
            created: 2,
            resolved: 1,
            closed: 1,
            backlog: 2,
          },
          {
            start: '2031-03-05T00:00:00.000Z',
            end: '2031-03-06T00:00:00.000Z',
            created: 0,
            resolved: 0,
            closed: 0,
            backlog: 2,
          },
        ],
        totals: { created: 4, resolved: 2, backlog: 2, reopened: 1 },
        firstResponse: { median: minutes(30), p90: minutes(438) },
        resolution: { median: minutes(180), p90: minutes(228) },
        sla: { firstResponseMet: 0.5, resolutionMet: 1 },
      });
    },
    expectAgents(body) {
      const row = (session: Session, name: string, figures: object): object => ({
        agent: { id: session.id, name },
        ...figures,
      });
      expect(body).toEqual([
        row(admin, 'Ada Admin', {
          assigned: 0,
          resolved: 0,
          reopened: 0,
          firstResponse: { median: null },
          resolution: { median: null },
          slaMet: null,
        }),
        row(xavier, 'Xavier Agent', {
          assigned: 2,
          resolved: 2,
          reopened: 1,
          firstResponse: { median: minutes(30) },
          resolution: { median: minutes(180) },
          slaMet: 1,
        }),
        row(yvonne, 'Yvonne Agent', {
          assigned: 1,
          resolved: 0,
          reopened: 0,
          firstResponse: { median: minutes(540) },
          resolution: { median: null },
          slaMet: 0,
        }),
      ]);
    },
  };
}
