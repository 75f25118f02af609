import request from 'supertest';

import { ApiServer, Session, expectError, startApi } from './support/api-server';
import { sql } from './support/database';
import { ReportFixture, buildReportFixture, PERIOD, REOPENED_SPELL } from './support/reports';

/**
 * Reports (issue 9): `GET /api/reports/summary` and `GET /api/reports/agents` over a small helpdesk
 * built through the API while the test moves the clock (see `buildReportFixture` for the timeline
 * and the figures worked out by hand), the role rules, CSV (RFC 4180, formula injection) and the
 * 400s of bad periods.
 */
describe('Reports', () => {
  let api: ApiServer;
  let fixture: ReportFixture;
  let customer: Session;

  beforeAll(async () => {
    // Access tokens expire by the API's clock, which the fixture moves by days: let them outlive it.
    api = await startApi({ SEED: 'false', CLOCK_CONTROL: 'true', JWT_ACCESS_TTL: '3650d' });
    fixture = await buildReportFixture(api);
    customer = fixture.customer;
  }, 60_000);
  afterAll(() => api?.stop());

  const get = (path: string, session: Session): Promise<request.Response> =>
    request(api.url).get(path).set('Authorization', session.auth);

  describe('GET /api/reports/summary', () => {
    it('gives the figures worked out by hand, day by day', async () => {
      const res = await get(`/api/reports/summary?${PERIOD}&interval=day`, fixture.admin);
      expect(res.status).toBe(200);
      fixture.expectSummary(res.body);
    });

    it('makes one week of the three days, Monday being its first', async () => {
      const res = await get(`/api/reports/summary?${PERIOD}&interval=week`, fixture.admin);
      expect(res.body.buckets).toEqual([
        {
          start: '2031-03-03T00:00:00.000Z',
          end: '2031-03-06T00:00:00.000Z',
          created: 4,
          resolved: 2,
          closed: 1,
          backlog: 2,
        },
      ]);
    });

    it('filters by priority, category and assignee', async () => {
      const urgent = await get(`/api/reports/summary?${PERIOD}&priority=urgent`, fixture.admin);
      expect(urgent.body.totals).toEqual({ created: 1, resolved: 1, backlog: 0, reopened: 0 });
      const billing = await get(`/api/reports/summary?${PERIOD}&category=billing`, fixture.admin);
      expect(billing.body.totals).toEqual({ created: 0, resolved: 0, backlog: 0, reopened: 0 });
      expect(billing.body.firstResponse).toEqual({ median: null, p90: null });
      expect(billing.body.sla).toEqual({ firstResponseMet: null, resolutionMet: null });
      const yvonne = await get(
        `/api/reports/summary?${PERIOD}&assigneeId=${fixture.yvonne.id}`,
        fixture.admin,
      );
      expect(yvonne.body.totals).toEqual({ created: 1, resolved: 0, backlog: 1, reopened: 0 });
      expect(yvonne.body.firstResponse.median).toBeCloseTo(540, 1);
    });

    it("gives an agent their own tickets' figures, with or without their own assigneeId", async () => {
      const own = await get(`/api/reports/summary?${PERIOD}`, fixture.xavier);
      expect(own.status).toBe(200);
      expect(own.body.totals).toEqual({ created: 2, resolved: 2, backlog: 1, reopened: 1 });
      expect(own.body.buckets.map((b: { backlog: number }) => b.backlog)).toEqual([0, 1, 1]);
      expect(own.body.sla).toEqual({ firstResponseMet: 1, resolutionMet: 1 });
      const named = await get(
        `/api/reports/summary?${PERIOD}&assigneeId=${fixture.xavier.id}`,
        fixture.xavier,
      );
      expect(named.body).toEqual(own.body);
    });

    it("answers an agent asking for someone else's figures with 403 ROLE_FORBIDDEN", async () => {
      expectError(
        await get(`/api/reports/summary?${PERIOD}&assigneeId=${fixture.yvonne.id}`, fixture.xavier),
        403,
        'ROLE_FORBIDDEN',
      );
    });

    it('is for staff: customers get 403, no token 401', async () => {
      expectError(await get(`/api/reports/summary?${PERIOD}`, customer), 403, 'ROLE_FORBIDDEN');
      expectError(await get(`/api/reports/agents?${PERIOD}`, customer), 403, 'ROLE_FORBIDDEN');
      expectError(await request(api.url).get(`/api/reports/summary?${PERIOD}`), 401);
    });

    it.each([
      ['a date that does not exist', 'from=2031-02-30&to=2031-03-05', 'from'],
      ['a date that is not ISO 8601', 'from=03/03/2031&to=2031-03-05', 'from'],
      ['a date-time without a zone', 'from=2031-03-03T10:00&to=2031-03-05', 'from'],
      ['a missing to', 'from=2031-03-03', 'to'],
      ['to before from', 'from=2031-03-05&to=2031-03-03', 'to'],
      ['an unknown interval', `${PERIOD}&interval=hour`, 'interval'],
      ['more than 366 days by day', 'from=2031-01-01&to=2032-01-02&interval=day', 'interval'],
      ['an unknown format', `${PERIOD}&format=xml`, 'format'],
      ['an unknown parameter', `${PERIOD}&sort=created`, 'sort'],
    ])('answers %s with 400 VALIDATION_FAILED', async (_case, query, field) => {
      const body = expectError(
        await get(`/api/reports/summary?${query}`, fixture.admin),
        400,
        'VALIDATION_FAILED',
      );
      expect(Object.keys(body['errors'] as object)).toContain(field);
    });

    it('keeps a ticket out of the backlog between its resolution and its reopening', async () => {
      const res = await get(`/api/reports/summary?${REOPENED_SPELL.query}`, fixture.admin);
      expect(res.status).toBe(200);
      expect(res.body.buckets.map((b: { backlog: number }) => b.backlog)).toEqual(REOPENED_SPELL.backlogs);
      expect(res.body.totals.backlog).toBe(1);
    });

    it('takes a year by week, and date-times with a zone', async () => {
      const year = await get(
        '/api/reports/summary?from=2031-01-01&to=2032-01-02&interval=week',
        fixture.admin,
      );
      expect(year.status).toBe(200);
      expect(year.body.totals.created).toBe(4);
      const hours = await get(
        '/api/reports/summary?from=2031-03-03T09:00:00Z&to=2031-03-03T12:00:00%2B01:00',
        fixture.admin,
      );
      expect(hours.body.buckets).toEqual([
        expect.objectContaining({
          start: '2031-03-03T09:00:00.000Z',
          end: '2031-03-03T11:00:00.000Z',
          created: 2,
          resolved: 0,
        }),
      ]);
    });

    it('sends CSV (RFC 4180): a header, a row per day, a total row, CRLF line ends, as a download', async () => {
      const res = await get(`/api/reports/summary?${PERIOD}&format=csv`, fixture.admin);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="helpdesk-summary-2031-03-03-to-2031-03-05.csv"',
      );
      const lines = res.text.split('\r\n');
      expect(lines).toHaveLength(6); // header, 3 days, total, and the empty string after the last CRLF
      expect(lines[0]).toBe(
        'period,start,end,created,resolved,closed,backlog,reopened,first_response_median_minutes,first_response_p90_minutes,resolution_median_minutes,resolution_p90_minutes,first_response_sla_met,resolution_sla_met',
      );
      expect(lines[1]).toBe('day,2031-03-03T00:00:00.000Z,2031-03-04T00:00:00.000Z,2,1,0,1,,,,,,,');
      const total = lines[4].split(',');
      expect(total.slice(0, 8)).toEqual([
        'total',
        '2031-03-03T00:00:00.000Z',
        '2031-03-06T00:00:00.000Z',
        '4',
        '2',
        '1',
        '2',
        '1',
      ]);
      total.slice(8, 12).forEach((cell, i) => expect(Number(cell)).toBeCloseTo([30, 438, 180, 228][i], 1));
      expect(total.slice(12)).toEqual(['0.5', '1']);
      expect(lines[5]).toBe('');
      expect(res.text).not.toMatch(/[^\r]\n/);
    });
  });

  describe('GET /api/reports/agents', () => {
    it('gives every member of staff a row by name with their figures', async () => {
      const res = await get(`/api/reports/agents?${PERIOD}`, fixture.admin);
      expect(res.status).toBe(200);
      fixture.expectAgents(res.body);
    });

    it('gives an agent only their own row', async () => {
      const res = await get(`/api/reports/agents?${PERIOD}`, fixture.yvonne);
      expect(res.body.map((row: { agent: { name: string } }) => row.agent.name)).toEqual(['Yvonne Agent']);
    });

    it('answers a bad period with 400', async () => {
      expectError(
        await get('/api/reports/agents?from=2031-03-05&to=2031-03-01', fixture.admin),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('neutralises a name a spreadsheet would run as a formula, and escapes its quotes and commas', async () => {
      await sql(api.dataDir, 'update users set first_name = ? where id = ?', [
        '=HYPERLINK("http://evil.example","Yv, onne")',
        fixture.yvonne.id,
      ]);
      const res = await get(`/api/reports/agents?${PERIOD}&format=csv`, fixture.admin);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="helpdesk-agents-2031-03-03-to-2031-03-05.csv"',
      );
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(
        'agent_id,agent_name,assigned,resolved,reopened,first_response_median_minutes,resolution_median_minutes,sla_met',
      );
      expect(lines).toContain(`${fixture.admin.id},Ada Admin,0,0,0,,,`);
      const row = lines.find((line) => line.startsWith(`${fixture.yvonne.id},`)) ?? '';
      expect(
        row.startsWith(
          `${fixture.yvonne.id},"'=HYPERLINK(""http://evil.example"",""Yv, onne"") Agent",1,0,0,`,
        ),
      ).toBe(true);
      expect(row.endsWith(',,0')).toBe(true);
    });
  });

  describe('in the business hours time zone', () => {
    /** The `reportDays` settings row once it names `timeZone` (the API counts the days in the background). */
    const reportDays = async (timeZone: string): Promise<unknown> => {
      for (let tries = 0; tries < 200; tries++) {
        const [row] = await sql<{ value: string }>(
          api.dataDir,
          "select value from settings where key = 'reportDays'",
        );
        const value = row ? (JSON.parse(row.value) as { timeZone: string }) : null;
        if (value?.timeZone === timeZone) return value;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the report days were not counted for ${timeZone} within 10 s`);
    };

    it('counts days from midnight in that zone', async () => {
      const patched = await request(api.url)
        .patch('/api/settings')
        .set('Authorization', fixture.admin.auth)
        .send({ businessHours: { enabled: true, timeZone: 'America/New_York' } });
      expect(patched.status).toBe(200);
      const res = await get(`/api/reports/summary?${PERIOD}`, fixture.admin);
      expect(res.body.timeZone).toBe('America/New_York');
      // EST (UTC-5) until 9 March 2031: each day from 05:00Z; T1 and T2 (09:00Z) on the 3rd.
      expect(res.body.buckets.map((b: { start: string; created: number }) => [b.start, b.created])).toEqual([
        ['2031-03-03T05:00:00.000Z', 2],
        ['2031-03-04T05:00:00.000Z', 2],
        ['2031-03-05T05:00:00.000Z', 0],
      ]);

      // In the background the day counts move to the zone's prevailing offset (EDT, UTC-4, in 2031:
      // the days in March before the 9th keep an hour at each end counted from the tickets); the
      // figures stay the same.
      expect(await reportDays('America/New_York')).toMatchObject({
        shiftMinutes: -240,
        timeZone: 'America/New_York',
      });
      const again = await get(`/api/reports/summary?${PERIOD}`, fixture.admin);
      expect(again.body).toEqual(res.body);
    });

    it('counts the days again at start-up when the time zone changed without it', async () => {
      // As if the process had stopped between an admin's change and the count that follows it.
      await api.kill('SIGTERM');
      await sql(
        api.dataDir,
        "update settings set value = json_set(value, '$.timeZone', 'Asia/Kolkata') where key = 'businessHours'",
      );
      await api.restart();
      expect(await reportDays('Asia/Kolkata')).toMatchObject({ shiftMinutes: 330, timeZone: 'Asia/Kolkata' });
      const res = await get(`/api/reports/summary?${PERIOD}`, fixture.admin);
      expect(res.body.buckets.map((b: { start: string; created: number }) => [b.start, b.created])).toEqual([
        ['2031-03-02T18:30:00.000Z', 2],
        ['2031-03-03T18:30:00.000Z', 2],
        ['2031-03-04T18:30:00.000Z', 0],
      ]);
    });

    it('measures first responses and resolutions in business minutes, under the hours of the moment they happened', async () => {
      const clock = async (now: string): Promise<void> => {
        expect((await request(api.url).put('/api/testing/clock').send({ now })).status).toBe(200);
      };
      const call = async (session: Session, method: 'post' | 'patch', path: string, body: object) => {
        const res = await request(api.url)[method](path).set('Authorization', session.auth).send(body);
        expect(res.status).toBeLessThan(300);
        return res.body;
      };
      // Monday to Friday, 09:00 to 17:00 UTC (the default week).
      const patched = await request(api.url)
        .patch('/api/settings')
        .set('Authorization', fixture.admin.auth)
        .send({ businessHours: { enabled: true, timeZone: 'UTC' } });
      expect(patched.status).toBe(200);

      // Created on Friday 16:00, answered on Monday 10:00, resolved on Monday 11:00: 66 and 67 hours
      // on the wall clock, but 1 h on Friday and 1 h (then 2 h) on Monday in business time.
      await clock('2031-03-07T16:00:00Z');
      const { id } = await call(customer, 'post', '/api/tickets', {
        subject: 'Over the weekend',
        description: 'D',
        priority: 'low',
      });
      await clock('2031-03-10T10:00:00Z');
      await call(fixture.xavier, 'post', `/api/tickets/${id}/assign`, {});
      await call(fixture.xavier, 'post', `/api/tickets/${id}/replies`, { content: 'On it' });
      await clock('2031-03-10T11:00:00Z');
      await call(fixture.xavier, 'patch', `/api/tickets/${id}/status`, { status: 'resolved' });

      // Business hours change afterwards: the durations stay as they were measured.
      await request(api.url)
        .patch('/api/settings')
        .set('Authorization', fixture.admin.auth)
        .send({ businessHours: { enabled: false } });

      const res = await get('/api/reports/summary?from=2031-03-10&to=2031-03-10', fixture.admin);
      expect(res.status).toBe(200);
      expect(res.body.firstResponse).toEqual({ median: expect.closeTo(120, 1), p90: expect.closeTo(120, 1) });
      expect(res.body.resolution).toEqual({ median: expect.closeTo(180, 1), p90: expect.closeTo(180, 1) });
      const agents = await get('/api/reports/agents?from=2031-03-10&to=2031-03-10', fixture.admin);
      const xavier = agents.body.find(
        (row: { agent: { name: string } }) => row.agent.name === 'Xavier Agent',
      );
      expect(xavier.firstResponse.median).toBeCloseTo(120, 0);
      expect(xavier.resolution.median).toBeCloseTo(180, 0);
    });
  });
});
