import { addBusinessTime, businessTimeBetween } from './business-time';
import { TicketPriority, TicketStatus } from './enums';
import { BusinessHours } from './settings';

/**
 * Service levels (SLA): the targets per priority, and the rules of a ticket's two clocks, shared by
 * the API (which stores the due times in ticket columns) and the web app (which shows them).
 *
 * - First response: from creation until staff's first public reply (internal notes do not count).
 *   It stops, unmet, when the ticket is resolved or closed without one.
 * - Resolution: from creation until the ticket is resolved or closed; it pauses while the ticket is
 *   waiting on the customer, and a pause (or the stop at `resolved`/`closed` followed by a reopen)
 *   pushes the due time by the paused span, counted in business time when business hours are on.
 * - A priority change computes both due times again from creation with the new priority's
 *   targets, keeping the pauses accumulated so far.
 */

/** One of a ticket's two SLA clocks. */
export enum SlaTarget {
  FirstResponse = 'first_response',
  Resolution = 'resolution',
}

/** Every SLA target. */
export const SLA_TARGETS: readonly SlaTarget[] = Object.values(SlaTarget);

/** What an SLA alert says about a target: its at-risk threshold passed, or its due time. */
export enum SlaAlertKind {
  AtRisk = 'at_risk',
  Breached = 'breached',
}

/** Values of `sla` in `GET /api/tickets`. */
export const SLA_FILTERS = ['breached', 'at_risk'] as const;
/**
 * One value of {@link SLA_FILTERS}: `breached`, a running target past its due time; `at_risk`, the
 * nearest running target past its at-risk instant but not yet due.
 */
export type SlaFilter = (typeof SLA_FILTERS)[number];

/** The targets of one priority, in minutes (business minutes when business hours are on). */
export interface SlaTargets {
  /** Time to the first public reply by staff. @example 120 */
  firstResponseMinutes: number;
  /** Time to resolution, not counting the time waiting on the customer. @example 1440 */
  resolutionMinutes: number;
}

/** The policy of one priority (`GET /api/sla-policies`). */
export interface SlaPolicy extends SlaTargets {
  priority: TicketPriority;
}

/** `PUT /api/sla-policies/:priority`. */
export type SlaPolicyChange = SlaTargets;

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * The targets of a new installation: urgent 2 h / 24 h, high 4 h / 48 h, medium 8 h / 5 days,
 * low 24 h / 10 days (first response / resolution).
 */
export const DEFAULT_SLA_POLICIES: Readonly<Record<TicketPriority, SlaTargets>> = {
  [TicketPriority.Urgent]: { firstResponseMinutes: 2 * HOUR, resolutionMinutes: DAY },
  [TicketPriority.High]: { firstResponseMinutes: 4 * HOUR, resolutionMinutes: 2 * DAY },
  [TicketPriority.Medium]: { firstResponseMinutes: 8 * HOUR, resolutionMinutes: 5 * DAY },
  [TicketPriority.Low]: { firstResponseMinutes: DAY, resolutionMinutes: 10 * DAY },
};

/** Bounds of a target, in minutes: at least a minute, at most a year. */
export const SLA_TARGET_LIMITS = { min: 1, max: 365 * DAY } as const;

/**
 * What is wrong with a pair of targets, or null: both whole minutes within {@link SLA_TARGET_LIMITS},
 * and the resolution no sooner than the first response.
 */
export function slaTargetsProblem(targets: SlaTargets): string | null {
  if (targets.resolutionMinutes < targets.firstResponseMinutes)
    return 'resolutionMinutes must not be less than firstResponseMinutes';
  return null;
}

/** The statuses in which the resolution clock does not run: paused (waiting) or stopped (resolved, closed). */
const RESOLUTION_STOPPED: ReadonlySet<TicketStatus> = new Set([
  TicketStatus.WaitingOnCustomer,
  TicketStatus.Resolved,
  TicketStatus.Closed,
]);

/** The statuses that end the work on a ticket: they stop both clocks (a reopen resumes them). */
const ENDED: ReadonlySet<TicketStatus> = new Set([TicketStatus.Resolved, TicketStatus.Closed]);

/** Whether the resolution clock stands still in `status` (waiting on the customer, resolved, closed). */
export function stopsResolutionClock(status: TicketStatus): boolean {
  return RESOLUTION_STOPPED.has(status);
}

/** A ticket's SLA clock as stored (ticket columns). */
export interface SlaClock {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  /** Since when the resolution clock stands still (waiting, resolved or closed); null while it runs. */
  pausedAt: Date | null;
  /** The business time the resolution clock stood still before, in ms, whole seconds (already added to its due time). */
  pausedMs: number;
}

/** What the SLA rules read of a ticket besides its clock. */
export interface SlaTicketFacts {
  createdAt: Date;
  status: TicketStatus;
  /** Staff's first public reply; null until then. */
  firstResponseAt: Date | null;
}

/**
 * The due times of a ticket created at `createdAt` with `targets`: the first response that many
 * (business) minutes after creation, the resolution that many plus the time paused so far.
 * @param pausedMs business time the resolution clock stood still so far, in ms
 */
export function dueTimes(
  createdAt: Date,
  targets: SlaTargets,
  hours: BusinessHours,
  pausedMs = 0,
): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  return {
    firstResponseDueAt: addBusinessTime(createdAt, targets.firstResponseMinutes * 60_000, hours),
    resolutionDueAt: addBusinessTime(createdAt, targets.resolutionMinutes * 60_000 + pausedMs, hours),
  };
}

/** The clock of a new ticket: due times from creation, running. */
export function newSlaClock(createdAt: Date, targets: SlaTargets, hours: BusinessHours): SlaClock {
  return { ...dueTimes(createdAt, targets, hours), pausedAt: null, pausedMs: 0 };
}

/**
 * The clock after a priority change at any time: due times again from creation with the new
 * targets, keeping the pauses accumulated so far (a pause under way stays under way).
 */
export function withNewTargets(
  clock: SlaClock,
  createdAt: Date,
  targets: SlaTargets,
  hours: BusinessHours,
): SlaClock {
  return { ...clock, ...dueTimes(createdAt, targets, hours, clock.pausedMs) };
}

/**
 * The clock after a move to status `to` at `at`: entering waiting on the customer, resolved or closed stops
 * the resolution clock (`pausedAt`); leaving them (back to work, or a reopen) resumes it and pushes
 * its due time by the business time it stood still. Moves between two stopping statuses (waiting to
 * closed) keep it stopped since the first.
 */
export function afterStatusChange(
  clock: SlaClock,
  to: TicketStatus,
  at: Date,
  hours: BusinessHours,
): SlaClock {
  if (stopsResolutionClock(to)) return clock.pausedAt ? clock : { ...clock, pausedAt: at };
  if (!clock.pausedAt) return clock;
  // Whole seconds, as the ticket stores them, so a later recomputation lands on the same instant.
  const paused = Math.round(Math.max(0, businessTimeBetween(clock.pausedAt, at, hours)) / 1000) * 1000;
  return {
    ...clock,
    resolutionDueAt: addBusinessTime(clock.resolutionDueAt, paused, hours),
    pausedAt: null,
    pausedMs: clock.pausedMs + paused,
  };
}

/** One running target: when it is due, and when it passes the at-risk threshold. */
export interface RunningTarget {
  target: SlaTarget;
  dueAt: Date;
  atRiskAt: Date;
}

/** Whether the first-response clock runs: no public staff reply yet and the ticket not resolved or closed. */
export function firstResponseRunning(ticket: SlaTicketFacts): boolean {
  return ticket.firstResponseAt === null && !ENDED.has(ticket.status);
}

/**
 * The targets whose clocks run now, nearest due first, each with its at-risk instant: the moment
 * `threshold` of the target's business time (its due time less the pauses) has elapsed.
 * @param threshold the at-risk share, 0.5 to 0.99 (`sla.atRiskThreshold`)
 */
export function runningTargets(
  ticket: SlaTicketFacts,
  clock: SlaClock,
  hours: BusinessHours,
  threshold: number,
): RunningTarget[] {
  const running: RunningTarget[] = [];
  const atRisk = (dueAt: Date, pausedMs: number): Date => {
    const budget = businessTimeBetween(ticket.createdAt, dueAt, hours) - pausedMs;
    return addBusinessTime(ticket.createdAt, Math.round(budget * threshold) + pausedMs, hours);
  };
  if (firstResponseRunning(ticket)) {
    const dueAt = clock.firstResponseDueAt;
    running.push({ target: SlaTarget.FirstResponse, dueAt, atRiskAt: atRisk(dueAt, 0) });
  }
  if (!clock.pausedAt && !stopsResolutionClock(ticket.status)) {
    const dueAt = clock.resolutionDueAt;
    running.push({ target: SlaTarget.Resolution, dueAt, atRiskAt: atRisk(dueAt, clock.pausedMs) });
  }
  return running.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** The denormalised SLA columns the queue sorts and filters by, and the alert job polls. */
export interface SlaSchedule {
  /** The nearest running target's due time; null when no clock runs. */
  dueAt: Date | null;
  /** When the nearest running target passes the at-risk threshold; null when no clock runs. */
  atRiskAt: Date | null;
  /** The earliest at-risk or due instant of the running targets (the alert job's next look); null when none. */
  alertAt: Date | null;
}

/** {@link SlaSchedule} of a ticket. */
export function slaSchedule(
  ticket: SlaTicketFacts,
  clock: SlaClock,
  hours: BusinessHours,
  threshold: number,
): SlaSchedule {
  const running = runningTargets(ticket, clock, hours, threshold);
  if (!running.length) return { dueAt: null, atRiskAt: null, alertAt: null };
  const instants = running.flatMap((t) => [t.atRiskAt.getTime(), t.dueAt.getTime()]);
  return {
    dueAt: running[0].dueAt,
    atRiskAt: running[0].atRiskAt,
    alertAt: new Date(Math.min(...instants)),
  };
}

/**
 * The alerts a ticket has earned by `now`: per running target, `breached` once its due time has
 * passed, otherwise `at_risk` once its at-risk instant has passed (a target already breached is
 * not announced at risk too). With the earliest instant after `now` at which another is earned.
 */
export function alertsDue(
  running: readonly RunningTarget[],
  now: Date,
): { alerts: Array<{ target: SlaTarget; kind: SlaAlertKind; dueAt: Date }>; nextAt: Date | null } {
  const alerts: Array<{ target: SlaTarget; kind: SlaAlertKind; dueAt: Date }> = [];
  let next = Infinity;
  for (const { target, dueAt, atRiskAt } of running) {
    if (dueAt <= now) alerts.push({ target, kind: SlaAlertKind.Breached, dueAt });
    else {
      if (atRiskAt <= now) alerts.push({ target, kind: SlaAlertKind.AtRisk, dueAt });
      else next = Math.min(next, atRiskAt.getTime());
      next = Math.min(next, dueAt.getTime());
    }
  }
  return { alerts, nextAt: Number.isFinite(next) ? new Date(next) : null };
}

/** What the SLA view reads of a ticket: its facts, clock and stop times. */
export interface SlaViewFacts extends SlaTicketFacts {
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** A ticket's SLA as the API answers it (the `sla` of a ticket response; dates as ISO 8601 UTC). */
export interface TicketSlaView {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  pausedAt: string | null;
  dueAt: string | null;
  atRiskAt: string | null;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * A ticket's SLA at `now`: each target is breached when it was met late, or is still unmet past its
 * due time (a stopped clock judged at the instant it stopped). `pausedAt` only while waiting on the
 * customer, `resolvedAt` only while resolved or closed after a resolution; `dueAt`/`atRiskAt` are
 * the stored {@link SlaSchedule}. A ticket from before SLAs (no clock) has nulls and no breaches.
 */
export function slaView(
  ticket: SlaViewFacts,
  clock: SlaClock | null,
  schedule: Pick<SlaSchedule, 'dueAt' | 'atRiskAt'>,
  now: Date,
): TicketSlaView {
  const ended = ENDED.has(ticket.status);
  const endedAt =
    ticket.status === TicketStatus.Resolved ? ticket.resolvedAt : ended ? ticket.closedAt : null;
  const resolvedAt = ended ? ticket.resolvedAt : null;
  const firstResponseEnd = ticket.firstResponseAt ?? (ended ? endedAt : null) ?? now;
  const resolutionEnd = clock?.pausedAt ?? now;
  return {
    firstResponseDueAt: iso(clock?.firstResponseDueAt ?? null),
    resolutionDueAt: iso(clock?.resolutionDueAt ?? null),
    firstResponseAt: iso(ticket.firstResponseAt),
    resolvedAt: iso(resolvedAt),
    firstResponseBreached: !!clock && firstResponseEnd > clock.firstResponseDueAt,
    resolutionBreached: !!clock && resolutionEnd > clock.resolutionDueAt,
    pausedAt: ticket.status === TicketStatus.WaitingOnCustomer ? iso(clock?.pausedAt ?? null) : null,
    dueAt: iso(schedule.dueAt),
    atRiskAt: iso(schedule.atRiskAt),
  };
}

/**
 * A ticket's SLA view once staff's first public reply at `at` has stopped the first-response clock,
 * as a client can tell without the server (the web app, after its own reply): the first response
 * recorded (breached when late) and, when it was the nearest running target, the resolution's due
 * time as the nearest one while its clock runs in `status`. Its at-risk instant needs the business
 * hours and the threshold, so it is unknown (null) until the ticket is read again.
 */
export function slaViewAfterFirstResponse(
  view: TicketSlaView,
  at: string,
  status: TicketStatus,
): TicketSlaView {
  if (view.firstResponseAt || !view.firstResponseDueAt) return view;
  const next: TicketSlaView = {
    ...view,
    firstResponseAt: at,
    firstResponseBreached: Date.parse(at) > Date.parse(view.firstResponseDueAt),
  };
  if (view.dueAt !== view.firstResponseDueAt) return next;
  const resolutionRuns = !stopsResolutionClock(status);
  return { ...next, dueAt: resolutionRuns ? view.resolutionDueAt : null, atRiskAt: null };
}
