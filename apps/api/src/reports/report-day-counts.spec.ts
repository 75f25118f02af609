import { MikroORM, RequiredEntityData } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Test } from '@nestjs/testing';
import fc from 'fast-check';
import { Client } from 'pg';

import {
  defaultSettings,
  HelpdeskSettings,
  ReportInterval,
  Role,
  TICKET_PRIORITIES,
  TicketPriority,
  TICKET_STATUSES,
  TicketStatus,
} from '@hd/shared/domain';

import { Clock, FakeClock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { createOrmOptions } from '../config/mikro-orm.options';
import { SettingsService } from '../settings/settings.service';
import {
  createTestTicket,
  createTestUser,
  migrate,
  testConfig,
  testDatabaseModule,
  withScratchPostgres,
} from '../testing/test-database';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { prevailingOffsetMinutes, ReportDayCountsService } from './report-day-counts.service';
import {
  prepareReportDayRecount,
  recountReportDayCounts,
  reportDayCountSelects,
} from './report-day-counts.sql';
import { ORDERED_PERCENTILES_FROM, ReportQueries, splitDays } from './report-queries';
import { ReportsService } from './reports.service';

type Dialect = 'sqlite' | 'postgresql';

const at = (iso: string): Date => new Date(`2026-${iso}:00.000Z`);

/** The table's rows with a count, as `kind day priority category assignee: count` lines, summed over slots. */
async function table(em: EntityManager): Promise<string[]> {
  const rows = await em
    .getConnection()
    .execute<Array<Record<string, string | number>>>(
      'select kind, day, priority, category, assignee_id, sum(count) as n from report_day_counts group by kind, day, priority, category, assignee_id',
    );
  return lines(rows.filter((row) => Number(row['n']) !== 0));
}

/** What the table should hold for days of the UTC offset `shiftMs`, counted from the tickets now. */
async function expected(em: EntityManager, dialect: Dialect, shiftMs: number): Promise<string[]> {
  const rows: Array<Record<string, string | number>> = [];
  for (const select of reportDayCountSelects(dialect, shiftMs)) {
    rows.push(
      ...(await em
        .getConnection()
        .execute<Array<Record<string, string | number>>>(
          `select kind, day, priority, category, assignee_id, sum(count) as n from (${select}) s group by kind, day, priority, category, assignee_id`,
        )),
    );
  }
  return lines(rows);
}

function lines(rows: Array<Record<string, string | number>>): string[] {
  return rows
    .map(
      (row) =>
        `${row['kind']} ${new Date(Number(row['day'])).toISOString().slice(0, 10)} ${row['priority']} ${row['category']} ${row['assignee_id']}: ${Number(row['n'])}`,
    )
    .sort();
}

/**
 * The triggers of `report_day_counts` keep it equal to what the tickets say, through every kind of
 * change a ticket goes through (created, answered, resolved, reopened, closed, reassigned, moved to
 * another priority or category, due times pushed, deleted softly or for good), on both databases,
 * for UTC days and, once the table is counted again for them, for the days of another UTC offset
 * (`shiftMs`).
 */
async function walkThrough(orm: MikroORM, dialect: Dialect, shiftMs = 0): Promise<void> {
  await orm.getMigrator().up();
  const em = (orm.em as EntityManager).fork();
  if (shiftMs) {
    await em.transactional(async (tem) => {
      for (const statement of [
        ...prepareReportDayRecount(dialect, 5000),
        ...recountReportDayCounts(dialect, shiftMs),
      ])
        await tem.getConnection().execute(statement, [], 'run', tem.getTransactionContext());
    });
  }
  /** The date (UTC) of the instant where the day that holds `iso` starts. */
  const day = (iso: string): string => {
    const t = at(iso).getTime();
    return new Date(t - ((t + shiftMs) % 86_400_000)).toISOString().slice(0, 10);
  };
  const user = (email: string, role: Role): Promise<User> =>
    createTestUser(em, { email, firstName: 'F', lastName: 'L', role }, at('10-01T00:00'));
  const customer = await user('c@example.com', Role.Customer);
  const xavier = await user('x@example.com', Role.Agent);
  const yvonne = await user('y@example.com', Role.Agent);
  const ticket = (fields: Partial<Ticket> & { createdAt: Date }): Ticket =>
    createTestTicket(em, customer, {
      firstResponseDueAt: new Date(fields.createdAt.getTime() + 4 * 3600_000),
      resolutionDueAt: new Date(fields.createdAt.getTime() + 48 * 3600_000),
      ...fields,
    });
  const check = async (step: string): Promise<void> => {
    const [actual, wanted] = [await table(em), await expected(em, dialect, shiftMs)];
    expect({ step, rows: actual }).toEqual({ step, rows: wanted });
  };

  const a = ticket({ createdAt: at('11-01T23:30') });
  const b = ticket({ createdAt: at('11-02T10:00'), assignee: xavier, priority: TicketPriority.Urgent });
  const c = ticket({ createdAt: at('11-02T11:00'), category: 'billing' });
  await em.flush();
  await check('created');
  expect((await table(em)).filter((line) => line.startsWith('created '))).toEqual(
    [
      `created ${day('11-01T23:30')} 1 general 0: 1`,
      `created ${day('11-02T11:00')} 1 billing 0: 1`,
      `created ${day('11-02T10:00')} 3 general 2: 1`,
    ].sort(),
  );

  // The first response in time for one, late for another; a resolution; a closing without one.
  a.firstResponseAt = at('11-02T01:00');
  a.firstResponseMinutes = 90;
  a.status = TicketStatus.InProgress;
  b.firstResponseAt = at('11-02T20:00');
  b.firstResponseMinutes = 600;
  b.resolvedAt = at('11-03T09:00');
  b.resolutionMinutes = 1380;
  b.status = TicketStatus.Resolved;
  c.closedAt = at('11-02T12:00');
  c.status = TicketStatus.Closed;
  await em.flush();
  await check('answered, resolved, closed');

  // Reopened, reassigned, moved to another priority and category; the resolution due time pushed.
  b.status = TicketStatus.Reopened;
  a.assignee = em.getReference(User, yvonne.id);
  a.priority = TicketPriority.Low;
  a.category = 'technical';
  a.resolutionDueAt = at('11-05T00:00');
  await em.flush();
  await check('reopened, reassigned, edited');

  // Resolved again later, then closed; the other one resolved late.
  b.status = TicketStatus.Resolved;
  b.resolvedAt = at('11-06T08:00');
  await em.flush();
  b.status = TicketStatus.Closed;
  b.closedAt = at('11-06T09:00');
  a.status = TicketStatus.Resolved;
  a.resolvedAt = at('11-07T10:00');
  await em.flush();
  await check('resolved again, closed, resolved late');

  // An edit that changes nothing counted leaves the counts alone.
  a.subject = 'Another subject';
  await em.flush();
  await check('edited subject');

  // Deleted softly, then for good; a ticket deleted when created never counts.
  c.deletedAt = at('11-08T00:00');
  ticket({ createdAt: at('11-03T00:00'), deletedAt: at('11-03T00:00') });
  await em.flush();
  await check('soft-deleted');
  await em.getConnection().execute(`delete from tickets where id = ${a.id}`);
  await check('deleted');
  expect((await table(em)).filter((line) => line.startsWith('created '))).toEqual([
    `created ${day('11-02T10:00')} 3 general 2: 1`,
  ]);
}

/**
 * Resolves once a session of the PostgreSQL database at `url` waits for a lock, or after 2 s (a
 * write that need not wait has run by then); asked over a connection of its own, the pool's being
 * taken by the writes.
 */
async function blockedWrite(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let tries = 0; tries < 200; tries++) {
      const { rows } = await client.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      if (Number(rows[0].n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

/**
 * A recount for other days while tickets are being written: every write lands either before the
 * recount (and is counted by its fill) or after it (and is counted by the new triggers), never
 * lost or counted twice, so the table ends equal to a count from the tickets.
 */
async function recountUnderWrites(orm: MikroORM, dialect: Dialect, url?: string): Promise<void> {
  await orm.getMigrator().up();
  const em = (orm.em as EntityManager).fork();
  const customer = await createTestUser(
    em,
    { email: 'c@example.com', firstName: 'F', lastName: 'L', role: Role.Customer },
    at('10-01T00:00'),
  );
  const tickets = Array.from({ length: 40 }, (_, i) =>
    createTestTicket(em, customer, { createdAt: new Date(at('11-01T00:00').getTime() + i * 3_600_000) }),
  );
  await em.flush();
  const shiftMs = -240 * 60_000;
  const stamp = (date: Date): number | Date => (dialect === 'sqlite' ? date.getTime() : date);
  // The writes start once the table is counted again, its transaction still open; on PostgreSQL it
  // commits once one of them waits for it (on the lock on tickets; without that lock, on the rows
  // the recount deleted, and the write's trigger would then count the old days).
  let recounted = (): void => undefined;
  const countedAgain = new Promise<void>((resolve) => (recounted = resolve));
  const recount = (orm.em as EntityManager).fork().transactional(async (tem) => {
    for (const statement of [
      ...prepareReportDayRecount(dialect, 5000),
      ...recountReportDayCounts(dialect, shiftMs),
    ])
      await tem.getConnection().execute(statement, [], 'run', tem.getTransactionContext());
    recounted();
    if (url) await blockedWrite(url);
  });
  await countedAgain;
  // Each ticket resolved an hour and a half after creation, each in a statement of its own.
  const writes = tickets.map((ticket) =>
    (orm.em as EntityManager)
      .fork()
      .getConnection()
      .execute('update tickets set status = ?, resolved_at = ?, resolution_minutes = 90 where id = ?', [
        TicketStatus.Resolved,
        stamp(new Date(ticket.createdAt.getTime() + 90 * 60_000)),
        ticket.id,
      ]),
  );
  await Promise.all([recount, ...writes]);
  const counted = await table(em);
  expect(counted).toEqual(await expected(em, dialect, shiftMs));
  expect(
    counted
      .filter((line) => line.startsWith('resolved '))
      .reduce((n, line) => n + Number(line.split(': ')[1]), 0),
  ).toBe(40);
}

/** Offsets the walk-through runs at: UTC, behind UTC (New York in summer), ahead at a half hour (Kolkata). */
const SHIFTS = [0, -240 * 60_000, 330 * 60_000];

/**
 * Runs `work` with a MikroORM of the API's options on `database` (SQLite's `:memory:`, or a
 * PostgreSQL URL), closed afterwards.
 */
async function withOrm(
  dialect: Dialect,
  database: string,
  work: (orm: MikroORM) => Promise<void>,
): Promise<void> {
  const options = createOrmOptions({ dialect, database });
  const orm = await MikroORM.init({
    ...options,
    allowGlobalContext: true,
    migrations: { ...options.migrations, silent: true },
  });
  try {
    await work(orm);
  } finally {
    await orm.close(true);
  }
}

describe('report_day_counts', () => {
  const pgUrl = process.env['PG_TEST_URL'];

  it.each(SHIFTS)('follows every ticket change on SQLite, days at UTC%+d ms', (shiftMs) =>
    withOrm('sqlite', ':memory:', (orm) => walkThrough(orm, 'sqlite', shiftMs)),
  );

  (pgUrl ? it : it.skip)(
    'follows every ticket change on PostgreSQL (PG_TEST_URL), at each offset',
    async () => {
      for (const shiftMs of SHIFTS) {
        await withScratchPostgres(pgUrl as string, 'day_counts', (url) =>
          withOrm('postgresql', url, (orm) => walkThrough(orm, 'postgresql', shiftMs)),
        );
      }
    },
  );

  it('loses and doubles no write made while it is counted again (SQLite)', () =>
    withOrm('sqlite', ':memory:', (orm) => recountUnderWrites(orm, 'sqlite')));

  (pgUrl ? it : it.skip)('loses and doubles no write made while it is counted again (PostgreSQL)', () =>
    withScratchPostgres(pgUrl as string, 'day_recount', (url) =>
      withOrm('postgresql', url, (orm) => recountUnderWrites(orm, 'postgresql', url)),
    ),
  );

  it('refuses an offset that is not whole minutes within 14 h', () => {
    expect(() => recountReportDayCounts('sqlite', 15 * 3_600_000)).toThrow(RangeError);
    expect(() => reportDayCountSelects('postgresql', 90_000)).toThrow(RangeError);
  });
});

describe('prevailingOffsetMinutes', () => {
  it('takes the offset a zone has on most days of the year', () => {
    expect(prevailingOffsetMinutes('UTC', 2026)).toBe(0);
    // Summer time from 8 March to 1 November: 238 days of UTC-4.
    expect(prevailingOffsetMinutes('America/New_York', 2026)).toBe(-240);
    expect(prevailingOffsetMinutes('Asia/Kolkata', 2026)).toBe(330);
    // Summer time from 29 March to 25 October: 210 days of UTC+2.
    expect(prevailingOffsetMinutes('Europe/Berlin', 2026)).toBe(120);
    // Southern summer time from 5 October to 5 April: 183 days of UTC+11, 182 of UTC+10.
    expect(prevailingOffsetMinutes('Australia/Sydney', 2026)).toBe(660);
    expect(prevailingOffsetMinutes('Asia/Kathmandu', 2026)).toBe(345);
  });
});

describe('splitDays', () => {
  const d = (iso: string): Date => new Date(iso);
  const ms = (iso: string): number => d(iso).getTime();
  it('splits a period into the whole UTC days nearest its ends and the part days between', () => {
    // Reaching past the whole days at both ends: the part days are added.
    expect(splitDays(d('2026-11-01T23:00:00Z'), d('2026-11-04T05:00:00Z'))).toEqual({
      days: [ms('2026-11-02T00:00:00Z'), ms('2026-11-04T00:00:00Z')],
      parts: [
        { from: d('2026-11-01T23:00:00Z'), to: d('2026-11-02T00:00:00Z'), sign: 1 },
        { from: d('2026-11-04T00:00:00Z'), to: d('2026-11-04T05:00:00Z'), sign: 1 },
      ],
    });
    // Short of the whole days at both ends: the part days are taken away.
    expect(splitDays(d('2026-11-01T05:00:00Z'), d('2026-11-03T20:00:00Z'))).toEqual({
      days: [ms('2026-11-01T00:00:00Z'), ms('2026-11-04T00:00:00Z')],
      parts: [
        { from: d('2026-11-01T00:00:00Z'), to: d('2026-11-01T05:00:00Z'), sign: -1 },
        { from: d('2026-11-03T20:00:00Z'), to: d('2026-11-04T00:00:00Z'), sign: -1 },
      ],
    });
    expect(splitDays(d('2026-11-01T00:00:00Z'), d('2026-11-03T00:00:00Z'))).toEqual({
      days: [ms('2026-11-01T00:00:00Z'), ms('2026-11-03T00:00:00Z')],
      parts: [],
    });
    // Less than a day: all counted from the tickets; an empty period not at all.
    expect(splitDays(d('2026-11-01T05:00:00Z'), d('2026-11-01T11:00:00Z'))).toEqual({
      days: null,
      parts: [{ from: d('2026-11-01T05:00:00Z'), to: d('2026-11-01T11:00:00Z'), sign: 1 }],
    });
    expect(splitDays(d('2026-11-02T00:00:00Z'), d('2026-11-02T00:00:00Z'))).toEqual({
      days: null,
      parts: [],
    });
    // Around noon: a whole day less 22 hours would cost more than the two hours themselves.
    expect(splitDays(d('2026-11-01T11:00:00Z'), d('2026-11-01T13:00:00Z'))).toEqual({
      days: null,
      parts: [{ from: d('2026-11-01T11:00:00Z'), to: d('2026-11-01T13:00:00Z'), sign: 1 }],
    });
  });

  it('splits at the midnights of another UTC offset', () => {
    const edt = -240 * 60_000;
    // New York's days in summer time are whole days of UTC-4.
    expect(splitDays(d('2026-07-01T04:00:00Z'), d('2026-07-03T04:00:00Z'), edt)).toEqual({
      days: [ms('2026-07-01T04:00:00Z'), ms('2026-07-03T04:00:00Z')],
      parts: [],
    });
    // In winter time (UTC-5) they start an hour later: the whole UTC-4 day less its first hour,
    // plus the first hour of the next.
    expect(splitDays(d('2026-12-01T05:00:00Z'), d('2026-12-02T05:00:00Z'), edt)).toEqual({
      days: [ms('2026-12-01T04:00:00Z'), ms('2026-12-02T04:00:00Z')],
      parts: [
        { from: d('2026-12-01T04:00:00Z'), to: d('2026-12-01T05:00:00Z'), sign: -1 },
        { from: d('2026-12-02T04:00:00Z'), to: d('2026-12-02T05:00:00Z'), sign: 1 },
      ],
    });
    // Kolkata, UTC+5:30: its midnights are at 18:30 UTC the day before.
    expect(splitDays(d('2026-11-30T18:30:00Z'), d('2026-12-31T18:30:00Z'), 330 * 60_000)).toEqual({
      days: [ms('2026-11-30T18:30:00Z'), ms('2026-12-31T18:30:00Z')],
      parts: [],
    });
  });
});

/** A helpdesk of 300 tickets in every state drawn at random (seeded), and its reports. */
interface Fixture {
  reports: ReportsService;
  queries: ReportQueries;
  dayCounts: ReportDayCountsService;
  settings: HelpdeskSettings;
  admin: AuthUser;
  agent: AuthUser;
  close(): Promise<void>;
}

async function fixture(config: AppConfig): Promise<Fixture> {
  const settings = defaultSettings();
  const module = await Test.createTestingModule({
    imports: [testDatabaseModule(config)],
    providers: [
      ReportQueries,
      ReportsService,
      ReportDayCountsService,
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: new FakeClock(new Date('2026-11-20T13:17:00Z')) },
      {
        provide: SettingsService,
        useValue: { get: () => Promise.resolve(settings), read: () => Promise.resolve(settings) },
      },
    ],
  }).compile();
  await migrate(module.get(MikroORM));
  const em = module.get(EntityManager).fork();
  const user = (email: string, role: Role): Promise<User> =>
    createTestUser(em, { email, firstName: 'F', lastName: email, role }, new Date('2026-09-01T00:00:00Z'));
  const customer = await user('c@example.com', Role.Customer);
  const adminUser = await user('a@example.com', Role.Admin);
  const agents = [await user('x@example.com', Role.Agent), await user('y@example.com', Role.Agent)];
  const start = new Date('2026-10-01T00:00:00Z').getTime();
  const hour = 3_600_000;
  const later = (from: Date, hours: number | null): Date | null =>
    hours === null ? null : new Date(from.getTime() + hours * hour + 7 * 60_000);
  const drawn = fc.sample(
    fc.record({
      created: fc.integer({ min: 0, max: 75 * 24 }),
      assignee: fc.integer({ min: 0, max: 2 }),
      priority: fc.constantFrom(...TICKET_PRIORITIES),
      category: fc.constantFrom('general', 'billing', 'technical'),
      status: fc.constantFrom(...TICKET_STATUSES),
      firstResponse: fc.option(fc.integer({ min: 0, max: 72 })),
      resolved: fc.option(fc.integer({ min: 1, max: 300 })),
      closed: fc.option(fc.integer({ min: 1, max: 400 })),
      deleted: fc.boolean(),
    }),
    { seed: 20261127, numRuns: 300 },
  );
  drawn.forEach((t, i) => {
    const createdAt = new Date(start + t.created * hour + (i % 60) * 60_000);
    const firstResponseAt = later(createdAt, t.firstResponse);
    const resolvedAt = later(createdAt, t.resolved);
    em.create(Ticket, {
      number: `TICK-20261001-${String(i + 1).padStart(4, '0')}`,
      subject: 'S',
      description: 'D',
      priority: t.priority,
      category: t.category,
      customer,
      assignee: t.assignee ? agents[t.assignee - 1] : null,
      status: t.status,
      createdAt,
      updatedAt: createdAt,
      firstResponseAt,
      resolvedAt,
      closedAt: later(createdAt, t.closed),
      firstResponseDueAt: later(createdAt, 4),
      resolutionDueAt: later(createdAt, 48),
      firstResponseMinutes: firstResponseAt
        ? (firstResponseAt.getTime() - createdAt.getTime()) / 60_000
        : null,
      resolutionMinutes: resolvedAt ? (resolvedAt.getTime() - createdAt.getTime()) / 60_000 : null,
      deletedAt: t.deleted && i % 5 === 0 ? createdAt : null,
    } as RequiredEntityData<Ticket>);
  });
  await em.flush();
  const session = (u: User): AuthUser => ({ id: u.id, role: u.role, name: u.name, email: u.email });
  return {
    reports: module.get(ReportsService),
    queries: module.get(ReportQueries),
    dayCounts: module.get(ReportDayCountsService),
    settings,
    admin: session(adminUser),
    agent: session(agents[0]),
    close: () => module.close(),
  };
}

/**
 * In `timeZone`: the reports from the day counts and the durations' indexes equal the reports
 * counted from the tickets and sorted, by day, week and month, with and without each filter.
 */
async function sameBothWays(f: Fixture, timeZone: string): Promise<void> {
  f.settings.businessHours = { ...f.settings.businessHours, enabled: timeZone !== 'UTC', timeZone };
  // The day counts follow the zone: counted again for its prevailing offset, once.
  const shift = prevailingOffsetMinutes(timeZone, 2026);
  const before = (await f.queries.dayCounts()).shiftMinutes;
  expect(await f.dayCounts.reconcile()).toBe(shift !== before);
  expect((await f.queries.dayCounts()).shiftMinutes).toBe(shift);
  expect(await f.dayCounts.reconcile()).toBe(false);
  const bothWays = async <T>(report: () => Promise<T>): Promise<[T, T]> => {
    [f.queries.useDayCounts, f.queries.orderedPercentilesFrom] = [true, 1];
    const fast = await report();
    [f.queries.useDayCounts, f.queries.orderedPercentilesFrom] = [false, Number.MAX_SAFE_INTEGER];
    try {
      return [fast, await report()];
    } finally {
      [f.queries.useDayCounts, f.queries.orderedPercentilesFrom] = [true, ORDERED_PERCENTILES_FROM];
    }
  };
  const period = { from: '2026-10-03', to: '2026-12-10' };
  for (const interval of [ReportInterval.Day, ReportInterval.Week, ReportInterval.Month]) {
    for (const filter of [
      {},
      { priority: TicketPriority.High },
      { category: 'billing' },
      { assigneeId: f.agent.id },
    ]) {
      const [fast, counted] = await bothWays(() =>
        f.reports.summary({ ...period, interval, ...filter }, f.admin),
      );
      expect({ interval, filter, report: fast }).toEqual({ interval, filter, report: counted });
    }
  }
  const [agentsFast, agentsCounted] = await bothWays(() => f.reports.agents(period, f.admin));
  expect(agentsFast).toEqual(agentsCounted);
  // Not a fixture that proves nothing: the figures are there.
  const summary = await f.reports.summary(period, f.admin);
  expect(summary.totals.created).toBeGreaterThan(150);
  expect(summary.firstResponse.p90).toBeGreaterThan(summary.firstResponse.median ?? Infinity);
  expect(summary.sla.firstResponseMet).toBeGreaterThan(0);
  expect(summary.sla.firstResponseMet).toBeLessThan(1);
}

const TIME_ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata'];

/**
 * Reports read from the day counts, with percentiles walked from the durations' indexes, give
 * exactly the figures counted from the tickets and sorted: time zones behind, on and ahead of UTC
 * (at a half hour), by day, week and month, with and without each filter, on both databases.
 */
describe('reports from report_day_counts and the durations indexes', () => {
  let sqlite: Fixture;
  beforeAll(async () => {
    sqlite = await fixture(testConfig());
  });
  afterAll(() => sqlite.close());

  it.each(TIME_ZONES)('give the same figures as counting and sorting, in %s (SQLite)', (timeZone) =>
    sameBothWays(sqlite, timeZone),
  );

  it('are computed again when a recount for another time zone commits while they run', async () => {
    sqlite.settings.businessHours = { ...sqlite.settings.businessHours, enabled: false, timeZone: 'UTC' };
    await sqlite.dayCounts.reconcile();
    const period = { from: '2026-10-03', to: '2026-12-10' };
    const plain = await sqlite.reports.summary(period, sqlite.admin);
    const real = sqlite.queries.dayCounts.bind(sqlite.queries);
    let reads = 0;
    // From the second read on (the check after the first run), the table was counted again.
    const spy = jest.spyOn(sqlite.queries, 'dayCounts').mockImplementation(async () => {
      const counting = await real();
      reads += 1;
      return reads >= 2 ? { ...counting, version: 'counted again meanwhile' } : counting;
    });
    try {
      expect(await sqlite.reports.summary(period, sqlite.admin)).toEqual(plain);
      // Before, after the first run (changed), after the second (unchanged).
      expect(reads).toBe(3);
    } finally {
      spy.mockRestore();
    }
  });

  const pgUrl = process.env['PG_TEST_URL'];
  (pgUrl ? it : it.skip)('give the same figures on PostgreSQL (PG_TEST_URL)', async () => {
    await withScratchPostgres(pgUrl as string, 'report_fixture', async (url) => {
      const pg = await fixture(testConfig({ dialect: 'postgresql', database: url }));
      try {
        for (const timeZone of TIME_ZONES) await sameBothWays(pg, timeZone);
      } finally {
        await pg.close();
      }
    });
  });
});
