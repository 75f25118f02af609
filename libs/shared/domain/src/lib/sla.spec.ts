import { TicketPriority, TicketStatus } from './enums';
import { BusinessHours, defaultSettings } from './settings';
import {
  afterStatusChange,
  alertsDue,
  DEFAULT_SLA_POLICIES,
  newSlaClock,
  runningTargets,
  SlaAlertKind,
  SlaClock,
  slaSchedule,
  SlaTarget,
  slaTargetsProblem,
  slaView,
  slaViewAfterFirstResponse,
  withNewTargets,
} from './sla';

const at = (iso: string): Date => new Date(iso);
const HOUR = 3_600_000;

/** 24/7. */
const always = (): BusinessHours => defaultSettings().businessHours;
/** Monday to Friday 09:00-17:00 London, Christmas closed. */
const office = (): BusinessHours => ({
  ...defaultSettings().businessHours,
  enabled: true,
  timeZone: 'Europe/London',
  holidays: ['2026-12-25'],
});

const CREATED = at('2026-11-26T10:00:00Z'); // a Thursday
const facts = (status: TicketStatus, firstResponseAt: Date | null = null) => ({
  createdAt: CREATED,
  status,
  firstResponseAt,
});

/** `clock` after waiting on the customer from `from` to `to` (24/7). */
const waitedOnCustomer = (clock: SlaClock, from: string, to: string): SlaClock =>
  afterStatusChange(
    afterStatusChange(clock, TicketStatus.WaitingOnCustomer, at(from), always()),
    TicketStatus.InProgress,
    at(to),
    always(),
  );

describe('SLA rules', () => {
  describe('policies', () => {
    it('default to 2 h / 24 h, 4 h / 48 h, 8 h / 5 days and 24 h / 10 days', () => {
      expect(DEFAULT_SLA_POLICIES).toEqual({
        urgent: { firstResponseMinutes: 120, resolutionMinutes: 1440 },
        high: { firstResponseMinutes: 240, resolutionMinutes: 2880 },
        medium: { firstResponseMinutes: 480, resolutionMinutes: 7200 },
        low: { firstResponseMinutes: 1440, resolutionMinutes: 14400 },
      });
    });

    it('refuse a resolution sooner than the first response', () => {
      expect(slaTargetsProblem({ firstResponseMinutes: 60, resolutionMinutes: 30 })).toMatch(
        /resolutionMinutes/,
      );
      expect(slaTargetsProblem({ firstResponseMinutes: 60, resolutionMinutes: 60 })).toBeNull();
    });
  });

  describe('due times', () => {
    it.each([
      [TicketPriority.Urgent, '2026-11-26T12:00:00.000Z', '2026-11-27T10:00:00.000Z'],
      [TicketPriority.High, '2026-11-26T14:00:00.000Z', '2026-11-28T10:00:00.000Z'],
      [TicketPriority.Medium, '2026-11-26T18:00:00.000Z', '2026-12-01T10:00:00.000Z'],
      [TicketPriority.Low, '2026-11-27T10:00:00.000Z', '2026-12-06T10:00:00.000Z'],
    ])('of a new %s ticket run 24/7 from creation', (priority, firstResponse, resolution) => {
      const clock = newSlaClock(CREATED, DEFAULT_SLA_POLICIES[priority], always());
      expect(clock).toEqual({
        firstResponseDueAt: at(firstResponse),
        resolutionDueAt: at(resolution),
        pausedAt: null,
        pausedMs: 0,
      });
    });

    it('count business minutes when business hours are on (urgent on Thursday 10:00: 12:00, then Friday 16:00 + 3 days)', () => {
      const clock = newSlaClock(CREATED, DEFAULT_SLA_POLICIES.urgent, office());
      expect(clock.firstResponseDueAt).toEqual(at('2026-11-26T12:00:00Z'));
      // 24 business hours = 3 days of 8 h: Thu 7 h, Fri 8 h, Mon 8 h, Tue 1 h.
      expect(clock.resolutionDueAt).toEqual(at('2026-12-01T10:00:00Z'));
    });
  });

  describe('the resolution clock', () => {
    const start = (): SlaClock => newSlaClock(CREATED, DEFAULT_SLA_POLICIES.urgent, always());

    it('pauses while waiting on the customer and resumes with its due time pushed by the pause', () => {
      const paused = afterStatusChange(
        start(),
        TicketStatus.WaitingOnCustomer,
        at('2026-11-26T11:00:00Z'),
        always(),
      );
      expect(paused.pausedAt).toEqual(at('2026-11-26T11:00:00Z'));
      expect(paused.resolutionDueAt).toEqual(at('2026-11-27T10:00:00Z'));
      const resumed = afterStatusChange(
        paused,
        TicketStatus.InProgress,
        at('2026-11-26T14:30:00Z'),
        always(),
      );
      expect(resumed).toEqual({
        firstResponseDueAt: at('2026-11-26T12:00:00Z'),
        resolutionDueAt: at('2026-11-27T13:30:00Z'),
        pausedAt: null,
        pausedMs: 3.5 * HOUR,
      });
    });

    it('pushes by business time only when business hours are on (paused over a weekend)', () => {
      const clock = newSlaClock(CREATED, DEFAULT_SLA_POLICIES.urgent, office());
      // Paused Friday 16:00 to Monday 10:00: 2 business hours.
      const paused = afterStatusChange(
        clock,
        TicketStatus.WaitingOnCustomer,
        at('2026-11-27T16:00:00Z'),
        office(),
      );
      const resumed = afterStatusChange(
        paused,
        TicketStatus.InProgress,
        at('2026-11-30T10:00:00Z'),
        office(),
      );
      expect(resumed.pausedMs).toBe(2 * HOUR);
      expect(resumed.resolutionDueAt).toEqual(at('2026-12-01T12:00:00Z'));
    });

    it('stops at resolved or closed, stays stopped since the first stop, and a reopen resumes it', () => {
      const waiting = afterStatusChange(
        start(),
        TicketStatus.WaitingOnCustomer,
        at('2026-11-26T11:00:00Z'),
        always(),
      );
      const closed = afterStatusChange(waiting, TicketStatus.Closed, at('2026-11-26T12:00:00Z'), always());
      expect(closed.pausedAt).toEqual(at('2026-11-26T11:00:00Z'));
      const reopened = afterStatusChange(closed, TicketStatus.Reopened, at('2026-11-26T13:00:00Z'), always());
      expect(reopened.pausedAt).toBeNull();
      expect(reopened.resolutionDueAt).toEqual(at('2026-11-27T12:00:00Z'));
      expect(
        afterStatusChange(reopened, TicketStatus.InProgress, at('2026-11-26T14:00:00Z'), always()),
      ).toEqual(reopened);
    });

    it('is computed again from creation on a priority change, keeping the pauses', () => {
      const resumed = waitedOnCustomer(start(), '2026-11-26T11:00:00Z', '2026-11-26T12:00:00Z');
      const low = withNewTargets(resumed, CREATED, DEFAULT_SLA_POLICIES.low, always());
      expect(low.firstResponseDueAt).toEqual(at('2026-11-27T10:00:00Z'));
      expect(low.resolutionDueAt).toEqual(at('2026-12-06T11:00:00Z'));
      expect(low.pausedMs).toBe(HOUR);
      // A pause under way stays under way.
      const again = afterStatusChange(
        low,
        TicketStatus.WaitingOnCustomer,
        at('2026-11-26T13:00:00Z'),
        always(),
      );
      expect(withNewTargets(again, CREATED, DEFAULT_SLA_POLICIES.urgent, always()).pausedAt).toEqual(
        at('2026-11-26T13:00:00Z'),
      );
    });
  });

  describe('running targets and the schedule', () => {
    const clock = newSlaClock(CREATED, DEFAULT_SLA_POLICIES.urgent, always());

    it('are both targets, nearest first, each at risk at 80 % of its time', () => {
      expect(runningTargets(facts(TicketStatus.Open), clock, always(), 0.8)).toEqual([
        {
          target: SlaTarget.FirstResponse,
          dueAt: at('2026-11-26T12:00:00Z'),
          atRiskAt: at('2026-11-26T11:36:00Z'),
        },
        {
          target: SlaTarget.Resolution,
          dueAt: at('2026-11-27T10:00:00Z'),
          atRiskAt: at('2026-11-27T05:12:00Z'),
        },
      ]);
      expect(slaSchedule(facts(TicketStatus.Open), clock, always(), 0.8)).toEqual({
        dueAt: at('2026-11-26T12:00:00Z'),
        atRiskAt: at('2026-11-26T11:36:00Z'),
        alertAt: at('2026-11-26T11:36:00Z'),
      });
    });

    it('leave out the first response once given, and the resolution while paused', () => {
      const answered = facts(TicketStatus.InProgress, at('2026-11-26T10:30:00Z'));
      expect(runningTargets(answered, clock, always(), 0.8).map((t) => t.target)).toEqual([
        SlaTarget.Resolution,
      ]);
      const paused = afterStatusChange(
        clock,
        TicketStatus.WaitingOnCustomer,
        at('2026-11-26T11:00:00Z'),
        always(),
      );
      expect(
        slaSchedule({ ...answered, status: TicketStatus.WaitingOnCustomer }, paused, always(), 0.8),
      ).toEqual({
        dueAt: null,
        atRiskAt: null,
        alertAt: null,
      });
    });

    it('stop the first response too when the ticket is resolved or closed without one', () => {
      const closed = afterStatusChange(clock, TicketStatus.Closed, at('2026-11-26T11:00:00Z'), always());
      expect(runningTargets(facts(TicketStatus.Closed), closed, always(), 0.8)).toEqual([]);
    });

    it('place the at-risk instant after the pauses (a resolution paused for an hour)', () => {
      const resumed = waitedOnCustomer(clock, '2026-11-26T11:00:00Z', '2026-11-26T12:00:00Z');
      const [resolution] = runningTargets(facts(TicketStatus.InProgress, CREATED), resumed, always(), 0.5);
      expect(resolution).toEqual({
        target: SlaTarget.Resolution,
        dueAt: at('2026-11-27T11:00:00Z'),
        atRiskAt: at('2026-11-26T23:00:00Z'),
      });
    });
  });

  describe('alertsDue()', () => {
    const running = runningTargets(
      facts(TicketStatus.Open),
      newSlaClock(CREATED, DEFAULT_SLA_POLICIES.urgent, always()),
      always(),
      0.8,
    );

    it('earns nothing before the first at-risk instant, and says when to look again', () => {
      expect(alertsDue(running, at('2026-11-26T11:00:00Z'))).toEqual({
        alerts: [],
        nextAt: at('2026-11-26T11:36:00Z'),
      });
    });

    it('earns at risk, then breached (not both for one target), per target', () => {
      expect(alertsDue(running, at('2026-11-26T11:36:00Z'))).toEqual({
        alerts: [
          { target: SlaTarget.FirstResponse, kind: SlaAlertKind.AtRisk, dueAt: at('2026-11-26T12:00:00Z') },
        ],
        nextAt: at('2026-11-26T12:00:00Z'),
      });
      expect(alertsDue(running, at('2026-11-27T06:00:00Z'))).toEqual({
        alerts: [
          { target: SlaTarget.FirstResponse, kind: SlaAlertKind.Breached, dueAt: at('2026-11-26T12:00:00Z') },
          { target: SlaTarget.Resolution, kind: SlaAlertKind.AtRisk, dueAt: at('2026-11-27T10:00:00Z') },
        ],
        nextAt: at('2026-11-27T10:00:00Z'),
      });
      expect(alertsDue(running, at('2026-11-28T00:00:00Z')).nextAt).toBeNull();
    });
  });

  describe('slaView()', () => {
    const clock = newSlaClock(CREATED, DEFAULT_SLA_POLICIES.urgent, always());
    const schedule = { dueAt: clock.firstResponseDueAt, atRiskAt: at('2026-11-26T11:36:00Z') };
    const view = (
      status: TicketStatus,
      extra: Partial<Parameters<typeof slaView>[0]> = {},
      c = clock,
      now = '2026-11-26T11:00:00Z',
    ) => slaView({ ...facts(status), resolvedAt: null, closedAt: null, ...extra }, c, schedule, at(now));

    it('shows the due times, nothing breached yet', () => {
      expect(view(TicketStatus.Open)).toEqual({
        firstResponseDueAt: '2026-11-26T12:00:00.000Z',
        resolutionDueAt: '2026-11-27T10:00:00.000Z',
        firstResponseAt: null,
        resolvedAt: null,
        firstResponseBreached: false,
        resolutionBreached: false,
        pausedAt: null,
        dueAt: '2026-11-26T12:00:00.000Z',
        atRiskAt: '2026-11-26T11:36:00.000Z',
      });
    });

    it('breaches a target still unmet past its due time, or met late', () => {
      expect(view(TicketStatus.Open, {}, clock, '2026-11-26T12:00:01Z').firstResponseBreached).toBe(true);
      const late = view(TicketStatus.InProgress, { firstResponseAt: at('2026-11-26T12:30:00Z') });
      expect(late).toMatchObject({
        firstResponseBreached: true,
        firstResponseAt: '2026-11-26T12:30:00.000Z',
      });
      const onTime = view(
        TicketStatus.InProgress,
        { firstResponseAt: at('2026-11-26T11:30:00Z') },
        clock,
        '2026-11-26T13:00:00Z',
      );
      expect(onTime.firstResponseBreached).toBe(false);
    });

    it('judges a stopped clock at the instant it stopped, and shows the pause only while waiting', () => {
      const waiting = afterStatusChange(
        clock,
        TicketStatus.WaitingOnCustomer,
        at('2026-11-26T11:00:00Z'),
        always(),
      );
      const paused = view(TicketStatus.WaitingOnCustomer, {}, waiting, '2026-11-30T00:00:00Z');
      expect(paused).toMatchObject({ pausedAt: '2026-11-26T11:00:00.000Z', resolutionBreached: false });
      const resolved = afterStatusChange(clock, TicketStatus.Resolved, at('2026-11-26T11:00:00Z'), always());
      expect(
        view(
          TicketStatus.Resolved,
          { resolvedAt: at('2026-11-26T11:00:00Z') },
          resolved,
          '2026-11-30T00:00:00Z',
        ),
      ).toMatchObject({
        pausedAt: null,
        resolvedAt: '2026-11-26T11:00:00.000Z',
        resolutionBreached: false,
        firstResponseBreached: false,
      });
    });

    it('has no due times and no breaches for a ticket without a clock', () => {
      expect(
        slaView(
          { ...facts(TicketStatus.Open), resolvedAt: null, closedAt: null },
          null,
          { dueAt: null, atRiskAt: null },
          at('2030-01-01T00:00:00Z'),
        ),
      ).toMatchObject({
        firstResponseDueAt: null,
        resolutionDueAt: null,
        firstResponseBreached: false,
        resolutionBreached: false,
      });
    });
  });

  describe('slaViewAfterFirstResponse()', () => {
    const view = slaView(
      { ...facts(TicketStatus.InProgress), resolvedAt: null, closedAt: null },
      newSlaClock(CREATED, DEFAULT_SLA_POLICIES.urgent, always()),
      { dueAt: at('2026-11-26T12:00:00Z'), atRiskAt: at('2026-11-26T11:36:00Z') },
      at('2026-11-26T11:00:00Z'),
    );

    it('records the first response and makes the resolution the nearest target, its at-risk instant unknown', () => {
      expect(slaViewAfterFirstResponse(view, '2026-11-26T11:00:00.000Z', TicketStatus.InProgress)).toEqual({
        ...view,
        firstResponseAt: '2026-11-26T11:00:00.000Z',
        firstResponseBreached: false,
        dueAt: '2026-11-27T10:00:00.000Z',
        atRiskAt: null,
      });
    });

    it('marks a late first response, and leaves no running target while waiting on the customer', () => {
      expect(
        slaViewAfterFirstResponse(view, '2026-11-26T12:30:00.000Z', TicketStatus.WaitingOnCustomer),
      ).toMatchObject({ firstResponseBreached: true, dueAt: null, atRiskAt: null });
    });

    it('changes nothing once the first response is known', () => {
      const answered = { ...view, firstResponseAt: '2026-11-26T10:30:00.000Z' };
      expect(slaViewAfterFirstResponse(answered, '2026-11-26T11:00:00.000Z', TicketStatus.InProgress)).toBe(
        answered,
      );
    });
  });
});
