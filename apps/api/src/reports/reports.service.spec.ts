import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';

import {
  defaultSettings,
  HelpdeskSettings,
  ReportInterval,
  Role,
  TicketHistoryType,
  TicketPriority,
  TicketStatus,
} from '@hd/shared/domain';

import { Clock, FakeClock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG } from '../config/app-config';
import { TicketHistoryEvent } from '../history/ticket-history-event.entity';
import { SettingsService } from '../settings/settings.service';
import {
  createTestTicket,
  createTestUser,
  migrate,
  testConfig,
  testDatabaseModule,
} from '../testing/test-database';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { agentsCsv } from './report-csv';
import { ReportQueries } from './report-queries';
import { ReportsService } from './reports.service';

const at = (iso: string): Date => new Date(`2026-${iso}:00.000Z`);

/**
 * A small helpdesk, by hand (UTC; the report covers Mon 2026-11-02 to Wed 2026-11-04, and "now" is
 * 11-04 15:00):
 *
 * | ticket | assignee | created     | first response | resolved    | closed      | status      | FR due      | resolution due |
 * | T0     | -        | 11-01 10:00 | -              | -           | -           | open        | 11-01 14:00 | 11-06 10:00    |
 * | T0b    | -        | 10-30 10:00 | -              | 11-01 10:00 | -           | resolved    | -           | -              |
 * | T0c    | Xavier   | 10-31 12:00 | 11-02 12:00    | 11-02 18:00 | 11-03 09:00 | closed      | 10-31 16:00 | 11-02 12:00    |
 * | T1     | Xavier   | 11-02 09:00 | 11-02 09:30    | 11-02 11:00 | -           | resolved    | 11-02 10:00 | 11-02 17:00    |
 * | T2     | Yvonne   | 11-02 10:00 | 11-02 11:00    | -           | -           | in_progress | 11-02 10:30 | 11-03 10:00    |
 * | T3     | Xavier   | 11-03 08:00 | 11-03 10:00    | 11-03 20:00 | -           | reopened    | 11-03 09:00 | 11-05 08:00    |
 * | T4     | -        | 11-03 09:00 | -              | -           | 11-04 10:00 | closed      | 11-03 10:00 | 11-04 12:00    |
 * | T5     | -        | 11-04 12:00 | deleted                                                                           |
 * | T7     | -        | 11-04 14:00 | -              | -           | -           | open        | 11-04 18:00 | 11-05 14:00    |
 *
 * T3 was reopened on 11-04 08:00.
 */
describe('ReportsService', () => {
  let module: TestingModule;
  let reports: ReportsService;
  let em: EntityManager;
  let admin: AuthUser;
  let xavier: AuthUser;
  let yvonne: AuthUser;
  const clock = new FakeClock(at('11-04T15:00'));
  let settings: HelpdeskSettings;

  const session = (user: User): AuthUser => ({
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
  });

  beforeEach(async () => {
    settings = defaultSettings();
    module = await Test.createTestingModule({
      imports: [testDatabaseModule(testConfig())],
      providers: [
        ReportQueries,
        ReportsService,
        { provide: APP_CONFIG, useValue: testConfig() },
        { provide: Clock, useValue: clock },
        { provide: SettingsService, useValue: { get: () => Promise.resolve(settings) } },
      ],
    }).compile();
    await migrate(module.get(MikroORM));
    reports = module.get(ReportsService);
    em = module.get(EntityManager).fork();
    const user = (email: string, firstName: string, lastName: string, role: Role): Promise<User> =>
      createTestUser(em, { email, firstName, lastName, role }, at('10-01T00:00'));
    const customer = await user('c@example.com', 'Cleo', 'Customer', Role.Customer);
    const adminUser = await user('a@example.com', 'Ada', 'Admin', Role.Admin);
    const x = await user('x@example.com', 'Xavier', 'Agent', Role.Agent);
    const y = await user('y@example.com', 'Yvonne', 'Agent', Role.Agent);
    [admin, xavier, yvonne] = [session(adminUser), session(x), session(y)];
    // Durations as `SlaClockListener` keeps them, with business hours off: wall-clock minutes.
    const minutesSince = (from: Date, to: Date | null | undefined): number | null =>
      to ? (to.getTime() - from.getTime()) / 60_000 : null;
    const ticket = (fields: Partial<Ticket> & { createdAt: Date }): Ticket =>
      createTestTicket(em, customer, {
        firstResponseMinutes: minutesSince(fields.createdAt, fields.firstResponseAt),
        resolutionMinutes: minutesSince(fields.createdAt, fields.resolvedAt),
        ...fields,
      });
    ticket({
      createdAt: at('11-01T10:00'),
      firstResponseDueAt: at('11-01T14:00'),
      resolutionDueAt: at('11-06T10:00'),
    });
    ticket({ createdAt: at('10-30T10:00'), resolvedAt: at('11-01T10:00'), status: TicketStatus.Resolved });
    ticket({
      createdAt: at('10-31T12:00'),
      assignee: x,
      firstResponseAt: at('11-02T12:00'),
      resolvedAt: at('11-02T18:00'),
      closedAt: at('11-03T09:00'),
      status: TicketStatus.Closed,
      firstResponseDueAt: at('10-31T16:00'),
      resolutionDueAt: at('11-02T12:00'),
    });
    ticket({
      createdAt: at('11-02T09:00'),
      assignee: x,
      firstResponseAt: at('11-02T09:30'),
      resolvedAt: at('11-02T11:00'),
      status: TicketStatus.Resolved,
      firstResponseDueAt: at('11-02T10:00'),
      resolutionDueAt: at('11-02T17:00'),
      category: 'billing',
    });
    ticket({
      createdAt: at('11-02T10:00'),
      assignee: y,
      firstResponseAt: at('11-02T11:00'),
      status: TicketStatus.InProgress,
      firstResponseDueAt: at('11-02T10:30'),
      resolutionDueAt: at('11-03T10:00'),
      priority: TicketPriority.Urgent,
    });
    const t3 = ticket({
      createdAt: at('11-03T08:00'),
      assignee: x,
      firstResponseAt: at('11-03T10:00'),
      resolvedAt: at('11-03T20:00'),
      status: TicketStatus.Reopened,
      firstResponseDueAt: at('11-03T09:00'),
      resolutionDueAt: at('11-05T08:00'),
    });
    ticket({
      createdAt: at('11-03T09:00'),
      closedAt: at('11-04T10:00'),
      status: TicketStatus.Closed,
      firstResponseDueAt: at('11-03T10:00'),
      resolutionDueAt: at('11-04T12:00'),
    });
    ticket({ createdAt: at('11-04T12:00'), deletedAt: at('11-04T12:05') });
    ticket({
      createdAt: at('11-04T14:00'),
      firstResponseDueAt: at('11-04T18:00'),
      resolutionDueAt: at('11-05T14:00'),
    });
    await em.flush();
    em.create(TicketHistoryEvent, {
      ticket: t3,
      at: at('11-03T20:00'),
      type: TicketHistoryType.StatusChanged,
      fromValue: TicketStatus.InProgress,
      toValue: TicketStatus.Resolved,
      system: false,
      internal: false,
    });
    em.create(TicketHistoryEvent, {
      ticket: t3,
      at: at('11-04T08:00'),
      type: TicketHistoryType.StatusChanged,
      fromValue: TicketStatus.Resolved,
      toValue: TicketStatus.Reopened,
      system: false,
      internal: false,
    });
    await em.flush();
  });
  afterEach(() => module.close());

  const period = { from: '2026-11-02', to: '2026-11-04' };

  describe('summary()', () => {
    it('counts each day, runs the backlog through them and gives percentiles and SLA shares', async () => {
      expect(await reports.summary({ ...period, interval: ReportInterval.Day }, admin)).toEqual({
        from: '2026-11-02T00:00:00.000Z',
        to: '2026-11-05T00:00:00.000Z',
        timeZone: 'UTC',
        interval: 'day',
        buckets: [
          // Backlog at the start: T0 (open) and T0c (resolved later). T1 and T0c leave it on day 1.
          {
            start: '2026-11-02T00:00:00.000Z',
            end: '2026-11-03T00:00:00.000Z',
            created: 2,
            resolved: 2,
            closed: 0,
            backlog: 2,
          },
          // T3 and T4 created, T0c closed after its resolution (left already); T3 resolved at 20:00:
          // out of the backlog at midnight, though it was reopened since.
          {
            start: '2026-11-03T00:00:00.000Z',
            end: '2026-11-04T00:00:00.000Z',
            created: 2,
            resolved: 1,
            closed: 1,
            backlog: 3,
          },
          // T3 reopened, T7 created; T4 closed unresolved; T5 deleted, never counted.
          {
            start: '2026-11-04T00:00:00.000Z',
            end: '2026-11-05T00:00:00.000Z',
            created: 1,
            resolved: 0,
            closed: 1,
            backlog: 4,
          },
        ],
        totals: { created: 5, resolved: 3, backlog: 4, reopened: 1 },
        // First responses 30, 60, 120, 2880: median between 60 and 120; p90 at 2.7 of 3.
        firstResponse: { median: 90, p90: 2052 },
        // Resolutions 120, 720, 3240.
        resolution: { median: 720, p90: 2736 },
        // FR met T1; missed T2, T3, T4 (T0's and T0c's fell due before; T7's not yet due).
        // Resolution met T1, T4 (closed in time); missed T0c, T2 (T3's not yet due).
        sla: { firstResponseMet: 0.25, resolutionMet: 0.5 },
      });
    });

    it('gives the same percentiles when it reads them from the durations in index order (long periods)', async () => {
      // The way a year of a million tickets is read, forced on this fixture; deleted T5 still left out.
      module.get(ReportQueries).orderedPercentilesFrom = 1;
      const summary = await reports.summary({ ...period, interval: ReportInterval.Day }, admin);
      expect(summary.firstResponse).toEqual({ median: 90, p90: 2052 });
      expect(summary.resolution).toEqual({ median: 720, p90: 2736 });
      const billing = await reports.summary({ ...period, category: 'billing' }, admin);
      expect(billing.firstResponse).toEqual({ median: 30, p90: 30 });
      const urgent = await reports.summary({ ...period, priority: TicketPriority.Urgent }, admin);
      expect(urgent.resolution).toEqual({ median: null, p90: null });
    });

    it('makes one bucket of the whole period by month, and follows the filters', async () => {
      const month = await reports.summary({ ...period, interval: ReportInterval.Month }, admin);
      expect(month.buckets).toEqual([
        expect.objectContaining({
          start: '2026-11-02T00:00:00.000Z',
          end: '2026-11-05T00:00:00.000Z',
          created: 5,
          backlog: 4,
        }),
      ]);
      const billing = await reports.summary({ ...period, category: 'billing' }, admin);
      expect(billing.totals).toEqual({ created: 1, resolved: 1, backlog: 0, reopened: 0 });
      expect(billing.firstResponse).toEqual({ median: 30, p90: 30 });
      const urgent = await reports.summary({ ...period, priority: TicketPriority.Urgent }, admin);
      expect(urgent.totals).toEqual({ created: 1, resolved: 0, backlog: 1, reopened: 0 });
      expect(urgent.resolution).toEqual({ median: null, p90: null });
      expect(urgent.sla).toEqual({ firstResponseMet: 0, resolutionMet: 0 });
    });

    it("gives an agent their own tickets' figures, and an admin anyone's with assigneeId", async () => {
      const own = await reports.summary(period, xavier);
      expect(own.buckets.map((b) => [b.created, b.resolved, b.backlog])).toEqual([
        [1, 2, 0],
        // T3 resolved on day 2 and reopened on day 3: in Xavier's backlog again at the end of day 3.
        [1, 1, 0],
        [0, 0, 1],
      ]);
      expect(own.totals.reopened).toBe(1);
      expect(await reports.summary({ ...period, assigneeId: xavier.id }, xavier)).toEqual(own);
      expect(await reports.summary({ ...period, assigneeId: xavier.id }, admin)).toEqual(own);
    });

    it("refuses an agent asking for another member of staff's figures with 403 ROLE_FORBIDDEN", async () => {
      await expect(reports.summary({ ...period, assigneeId: yvonne.id }, xavier)).rejects.toThrow(
        ForbiddenException,
      );
    });

    it('counts days in the business hours time zone when they are on', async () => {
      settings.businessHours = { ...settings.businessHours, enabled: true, timeZone: 'America/New_York' };
      const summary = await reports.summary(period, admin);
      expect(summary.timeZone).toBe('America/New_York');
      // EST (UTC-5): the days run from 05:00Z; T1 (09:00Z) and T2 on 11-02, T0c's resolution too.
      expect(summary.buckets.map((b) => [b.start, b.created])).toEqual([
        ['2026-11-02T05:00:00.000Z', 2],
        ['2026-11-03T05:00:00.000Z', 2],
        ['2026-11-04T05:00:00.000Z', 1],
      ]);
    });

    it('refuses a period ending before it starts with 400', async () => {
      await expect(reports.summary({ from: '2026-11-04', to: '2026-11-02' }, admin)).rejects.toThrow(
        BadRequestException,
      );
    });
  });

  describe('agents()', () => {
    it('gives every member of staff a row by name, with their figures', async () => {
      const rows = await reports.agents(period, admin);
      expect(rows).toEqual([
        {
          agent: { id: admin.id, name: 'Ada Admin' },
          assigned: 0,
          resolved: 0,
          reopened: 0,
          firstResponse: { median: null },
          resolution: { median: null },
          slaMet: null,
        },
        {
          agent: { id: xavier.id, name: 'Xavier Agent' },
          assigned: 2,
          resolved: 3,
          reopened: 1,
          // First responses 30, 120, 2880; resolutions 120, 720, 3240.
          firstResponse: { median: 120 },
          resolution: { median: 720 },
          // FR: T1 met, T3 missed; resolution: T1 met, T0c missed.
          slaMet: 0.5,
        },
        {
          agent: { id: yvonne.id, name: 'Yvonne Agent' },
          assigned: 1,
          resolved: 0,
          reopened: 0,
          firstResponse: { median: 60 },
          resolution: { median: null },
          slaMet: 0,
        },
      ]);
      expect(agentsCsv(rows).split('\r\n')[2]).toBe(`${xavier.id},Xavier Agent,2,3,1,120,720,0.5`);
    });

    it("gives the same medians when it walks each agent's durations in index order (long periods)", async () => {
      module.get(ReportQueries).orderedPercentilesFrom = 1;
      const rows = await reports.agents(period, admin);
      expect(rows.map((row) => [row.agent.name, row.firstResponse.median, row.resolution.median])).toEqual([
        ['Ada Admin', null, null],
        ['Xavier Agent', 120, 720],
        ['Yvonne Agent', 60, null],
      ]);
    });

    it('gives an agent only their own row', async () => {
      expect((await reports.agents(period, yvonne)).map((row) => row.agent.name)).toEqual(['Yvonne Agent']);
    });

    it('names the CSV file after the days of the period', async () => {
      expect((await reports.agentsCsv(period, admin)).filename).toBe(
        'helpdesk-agents-2026-11-02-to-2026-11-04.csv',
      );
    });
  });
});
