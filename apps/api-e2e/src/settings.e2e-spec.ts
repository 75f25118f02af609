import request from 'supertest';

import { ApiServer, DEMO, Session, expectError, login, startApi } from './support/api-server';

/** `GET/PATCH /api/settings` (admins, audited) and the test clock (`CLOCK_CONTROL`). */
describe('Settings', () => {
  let api: ApiServer;
  let admin: Session;
  let agent: Session;
  let customer: Session;

  beforeAll(async () => {
    api = await startApi({ CLOCK_CONTROL: 'true' });
    [admin, agent, customer] = await Promise.all([
      login(api.url, DEMO.admin),
      login(api.url, DEMO.agent),
      login(api.url, DEMO.customer),
    ]);
  });
  afterAll(() => api.stop());

  const patch = (body: unknown, session = admin): Promise<request.Response> =>
    request(api.url)
      .patch('/api/settings')
      .set('Authorization', session.auth)
      .send(body as object);

  it('starts with the defaults: 24/7 clocks, at risk from 80 %, manual assignment, auto-close after 7 days', async () => {
    const res = await request(api.url).get('/api/settings').set('Authorization', admin.auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      businessHours: {
        enabled: false,
        timeZone: 'UTC',
        week: {
          monday: [{ start: '09:00', end: '17:00' }],
          tuesday: [{ start: '09:00', end: '17:00' }],
          wednesday: [{ start: '09:00', end: '17:00' }],
          thursday: [{ start: '09:00', end: '17:00' }],
          friday: [{ start: '09:00', end: '17:00' }],
          saturday: [],
          sunday: [],
        },
        holidays: [],
      },
      sla: { atRiskThreshold: 0.8 },
      assignment: { mode: 'manual' },
      autoClose: { resolvedAfterDays: 7 },
    });
  });

  it('is for admins only: agents and customers get 403, no token 401', async () => {
    for (const session of [agent, customer]) {
      expectError(await request(api.url).get('/api/settings').set('Authorization', session.auth), 403);
      expectError(await patch({ autoClose: { resolvedAfterDays: 1 } }, session), 403);
    }
    expectError(await request(api.url).get('/api/settings'), 401);
  });

  it('changes only the fields sent, keeps the rest, and records each changed field in the audit log', async () => {
    const res = await patch({
      businessHours: {
        enabled: true,
        timeZone: 'Europe/London',
        holidays: ['2026-12-26', '2026-12-25'],
      },
      assignment: { mode: 'round_robin' },
    });
    expect(res.status).toBe(200);
    expect(res.body.businessHours).toMatchObject({
      enabled: true,
      timeZone: 'Europe/London',
      holidays: ['2026-12-25', '2026-12-26'],
      week: expect.objectContaining({ monday: [{ start: '09:00', end: '17:00' }], sunday: [] }),
    });
    expect(res.body.assignment).toEqual({ mode: 'round_robin' });
    expect(res.body.autoClose).toEqual({ resolvedAfterDays: 7 });

    const week = {
      monday: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      tuesday: [{ start: '08:00', end: '18:00' }],
      wednesday: [{ start: '08:00', end: '18:00' }],
      thursday: [{ start: '08:00', end: '18:00' }],
      friday: [{ start: '08:00', end: '16:00' }],
      saturday: [{ start: '10:00', end: '24:00' }],
      sunday: [],
    };
    const second = await patch({ businessHours: { week }, sla: { atRiskThreshold: 0.75 } });
    expect(second.status).toBe(200);
    const read = await request(api.url).get('/api/settings').set('Authorization', admin.auth);
    expect(read.body).toEqual(second.body);
    expect(read.body.businessHours).toMatchObject({ enabled: true, timeZone: 'Europe/London', week });
    expect(read.body.sla).toEqual({ atRiskThreshold: 0.75 });

    const audit = await request(api.url).get('/api/audit?pageSize=10').set('Authorization', admin.auth);
    const entries = audit.body.items.filter((e: { action: string }) => e.action === 'settings.updated');
    expect(entries).toHaveLength(2);
    expect(entries[1].changes).toEqual({
      'businessHours.enabled': { from: false, to: true },
      'businessHours.timeZone': { from: 'UTC', to: 'Europe/London' },
      'businessHours.holidays': { from: [], to: ['2026-12-25', '2026-12-26'] },
      'assignment.mode': { from: 'manual', to: 'round_robin' },
    });
    expect(Object.keys(entries[0].changes).sort()).toEqual(['businessHours.week', 'sla.atRiskThreshold']);
  });

  it('records nothing when nothing changes', async () => {
    const before = (await request(api.url).get('/api/audit?pageSize=1').set('Authorization', admin.auth)).body
      .total;
    expect((await patch({ sla: { atRiskThreshold: 0.75 } })).status).toBe(200);
    const after = (await request(api.url).get('/api/audit?pageSize=1').set('Authorization', admin.auth)).body
      .total;
    expect(after).toBe(before);
  });

  it.each([
    [{ businessHours: { timeZone: 'Mars/Olympus_Mons' } }, 'timeZone'],
    [{ businessHours: { enabled: null } }, 'enabled'],
    [{ businessHours: { holidays: ['2026-02-30x'] } }, 'holidays'],
    [{ businessHours: { holidays: '2026-12-25' } }, 'holidays'],
    [{ businessHours: { week: { monday: [] } } }, 'tuesday'],
    [
      {
        businessHours: {
          week: {
            monday: [{ start: '17:00', end: '09:00' }],
            tuesday: [],
            wednesday: [],
            thursday: [],
            friday: [],
            saturday: [],
            sunday: [],
          },
        },
      },
      'ends before it starts',
    ],
    [
      {
        businessHours: {
          week: {
            monday: [
              { start: '09:00', end: '13:00' },
              { start: '12:00', end: '17:00' },
            ],
            tuesday: [],
            wednesday: [],
            thursday: [],
            friday: [],
            saturday: [],
            sunday: [],
          },
        },
      },
      'overlap',
    ],
    [
      {
        businessHours: {
          week: {
            monday: [{ start: '9:00', end: '25:00' }],
            tuesday: [],
            wednesday: [],
            thursday: [],
            friday: [],
            saturday: [],
            sunday: [],
          },
        },
      },
      'HH:mm',
    ],
    [{ sla: { atRiskThreshold: 1.2 } }, 'atRiskThreshold'],
    [{ sla: { atRiskThreshold: '0.9' } }, 'atRiskThreshold'],
    [{ assignment: { mode: 'random' } }, 'mode'],
    [{ autoClose: { resolvedAfterDays: -1 } }, 'resolvedAfterDays'],
    [{ autoClose: { resolvedAfterDays: 2.5 } }, 'resolvedAfterDays'],
    [{ autoClose: 7 }, 'autoClose'],
    [{ theme: 'dark' }, 'theme'],
  ])('refuses %j with 400 VALIDATION_FAILED naming the field', async (body, field) => {
    const before = (await request(api.url).get('/api/settings').set('Authorization', admin.auth)).body;
    const res = await patch(body);
    expect(JSON.stringify(expectError(res, 400, 'VALIDATION_FAILED'))).toContain(field);
    expect((await request(api.url).get('/api/settings').set('Authorization', admin.auth)).body).toEqual(
      before,
    );
  });

  it('lets a test move the clock of a process started with CLOCK_CONTROL, and refuses nonsense', async () => {
    const start = Date.parse((await request(api.url).get('/api/testing/clock')).body.now);
    expect(Math.abs(start - Date.now())).toBeLessThan(5_000);
    const moved = await request(api.url)
      .put('/api/testing/clock')
      .send({ advanceMs: 2 * 3600_000 });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(2 * 3600_000 - 5_000);
    const set = await request(api.url).put('/api/testing/clock').send({ now: '2027-01-04T09:00:00Z' });
    expect(Date.parse(set.body.now)).toBeGreaterThanOrEqual(Date.parse('2027-01-04T09:00:00Z'));
    expectError(
      await request(api.url).put('/api/testing/clock').send({ advanceMs: 'soon' }),
      400,
      'VALIDATION_FAILED',
    );
    // Not part of the product's API.
    const doc = await request(api.url).get('/docs-json');
    expect(Object.keys(doc.body.paths).filter((path) => path.includes('testing'))).toEqual([]);
  });

  it('has no clock control without CLOCK_CONTROL', async () => {
    const plain = await startApi({ SEED: 'false' });
    try {
      expectError(await request(plain.url).put('/api/testing/clock').send({ advanceMs: 1 }), 404);
    } finally {
      await plain.stop();
    }
  });
});
