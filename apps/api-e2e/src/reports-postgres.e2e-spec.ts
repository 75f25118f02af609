import { Client } from 'pg';
import request from 'supertest';

import { ApiServer, startApi } from './support/api-server';
import { buildReportFixture, PERIOD, REOPENED_SPELL, ReportFixture } from './support/reports';

/**
 * The reports on PostgreSQL (`percentile_cont`, `timestamptz` buckets): the same helpdesk as
 * `reports.e2e-spec.ts`, the same figures. Runs when `PG_TEST_URL` names a server; a scratch
 * database is created and dropped around the suite.
 */
const pgUrl = process.env['PG_TEST_URL'];
(pgUrl ? describe : describe.skip)('Reports on PostgreSQL', () => {
  let api: ApiServer;
  let admin: Client;
  let db: Client;
  let fixture: ReportFixture;
  const database = `helpdesk_reports_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(pgUrl as string);
    url.pathname = `/${database}`;
    // Access tokens expire by the API's clock, which the fixture moves by days: let them outlive it.
    api = await startApi({
      DATABASE_URL: url.toString(),
      SEED: 'false',
      CLOCK_CONTROL: 'true',
      JWT_ACCESS_TTL: '3650d',
    });
    db = new Client({ connectionString: url.toString() });
    await db.connect();
    fixture = await buildReportFixture(api, async (userId, role) => {
      await db.query('update users set role = $1 where id = $2', [role, userId]);
    });
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await api?.stop();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  const get = (path: string) => request(api.url).get(path).set('Authorization', fixture.admin.auth);

  it('gives the same summary as on SQLite', async () => {
    const res = await get(`/api/reports/summary?${PERIOD}&interval=day`);
    expect(res.status).toBe(200);
    fixture.expectSummary(res.body);
  });

  it('gives the same rows per agent as on SQLite', async () => {
    const res = await get(`/api/reports/agents?${PERIOD}`);
    expect(res.status).toBe(200);
    fixture.expectAgents(res.body);
  });

  it('keeps a ticket out of the backlog between its resolution and its reopening', async () => {
    const res = await get(`/api/reports/summary?${REOPENED_SPELL.query}`);
    expect(res.status).toBe(200);
    expect(res.body.buckets.map((b: { backlog: number }) => b.backlog)).toEqual(REOPENED_SPELL.backlogs);
    expect(res.body.totals.backlog).toBe(1);
  });

  it('cuts weeks and time-zone days the same way, and sends the same CSV', async () => {
    const week = await get(`/api/reports/summary?${PERIOD}&interval=week`);
    expect(week.body.buckets).toEqual([
      expect.objectContaining({
        start: '2031-03-03T00:00:00.000Z',
        created: 4,
        resolved: 2,
        closed: 1,
        backlog: 2,
      }),
    ]);
    const csv = await get(`/api/reports/summary?${PERIOD}&format=csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[1]).toBe(
      'day,2031-03-03T00:00:00.000Z,2031-03-04T00:00:00.000Z,2,1,0,1,,,,,,,',
    );
  });
});
