import { formatDuration, type Locale } from 'date-fns';

import { SLA_TARGET_LABELS, SlaTarget, TicketStatus, type TicketSlaView } from '@hd/shared/domain';

const MINUTE_MS = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

/** Units as the SLA chips write them: `2 d`, `1 h`, `20 min`. */
const SHORT_UNITS: Pick<Locale, 'formatDistance'> = {
  formatDistance: (token: string, count: number) =>
    token === 'xDays' ? `${count} d` : token === 'xHours' ? `${count} h` : `${count} min`,
};

/**
 * A span as the SLA chips write it, rounded to the nearest minute: `35 min`, `1 h 20 min`, `2 h`,
 * and from a day on to the nearest hour, `2 d 3 h`; `less than 1 min` below half a minute.
 * @param ms the span in ms (its sign is ignored)
 */
export function formatSlaDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / MINUTE_MS);
  if (minutes < 1) return 'less than 1 min';
  if (minutes < DAY_MINUTES) {
    return formatDuration(
      { hours: Math.floor(minutes / HOUR_MINUTES), minutes: minutes % HOUR_MINUTES },
      { format: ['hours', 'minutes'], locale: SHORT_UNITS },
    );
  }
  const hours = Math.round(minutes / HOUR_MINUTES);
  return formatDuration(
    { days: Math.floor(hours / 24), hours: hours % 24 },
    { format: ['days', 'hours'], locale: SHORT_UNITS },
  );
}

/** Where a ticket's nearest SLA target stands, for its chip. */
export type SlaChipKind = 'on_track' | 'at_risk' | 'breached' | 'paused' | 'met' | 'missed';

/** What an SLA chip shows. */
export interface SlaChipState {
  kind: SlaChipKind;
  /** The chip's words, e.g. `Due in 1 h 20 min`, `At risk: due in 20 min`, `Breached 35 min ago`. */
  text: string;
  /** The whole sentence for the tooltip, naming the target. */
  description: string;
  /** What people read for the target concerned (the nearest running one), e.g. `First response`; '' when none runs. */
  target: string;
}

/** The running target `sla.dueAt` belongs to: the first response while it has not happened and is the nearer. */
function nearestTarget(sla: TicketSlaView): SlaTarget {
  return sla.firstResponseAt === null && sla.dueAt === sla.firstResponseDueAt
    ? SlaTarget.FirstResponse
    : SlaTarget.Resolution;
}

/**
 * What the SLA chip of a ticket says at `now` (ms): while a clock runs, the nearest target's due
 * time ("due in", amber "at risk" past the at-risk instant, red "breached … ago" past the due time);
 * otherwise paused (waiting on the customer), met, or missed; null for a ticket without SLA times.
 */
export function slaChipState(sla: TicketSlaView, now: number): SlaChipState | null {
  if (sla.dueAt) {
    const due = Date.parse(sla.dueAt);
    const target = SLA_TARGET_LABELS[nearestTarget(sla)];
    const left = formatSlaDuration(due - now);
    if (now >= due) {
      return {
        kind: 'breached',
        text: `Breached ${left} ago`,
        target,
        description: `${target} SLA breached ${left} ago`,
      };
    }
    if (sla.atRiskAt && now >= Date.parse(sla.atRiskAt)) {
      const text = `At risk: due in ${left}`;
      return { kind: 'at_risk', text, target, description: `${target} SLA at risk: due in ${left}` };
    }
    return { kind: 'on_track', text: `Due in ${left}`, target, description: `${target} due in ${left}` };
  }
  const target = '';
  if (sla.pausedAt) {
    return {
      kind: 'paused',
      text: 'SLA paused',
      target,
      description: 'SLA paused while waiting on the customer',
    };
  }
  if (!sla.firstResponseDueAt) return null;
  return sla.firstResponseBreached || sla.resolutionBreached
    ? { kind: 'missed', text: 'SLA missed', target, description: 'SLA missed: a target was not met in time' }
    : { kind: 'met', text: 'SLA met', target, description: 'SLA met: every target so far in time' };
}

/** Where one target stands, for the SLA panel. */
export type SlaTargetKind =
  'met' | 'met_late' | 'on_track' | 'at_risk' | 'breached' | 'paused' | 'missed' | 'stopped';

/** One line of the SLA panel. */
export interface SlaTargetState {
  target: SlaTarget;
  label: string;
  kind: SlaTargetKind;
  /** e.g. `Met`, `Breached 35 min ago`, `Due in 2 h`, `Paused`. */
  text: string;
  /** The due time, ISO 8601; null for a ticket without SLA times. */
  dueAt: string | null;
  /** When it was met (the first response, the resolution); null otherwise. */
  metAt: string | null;
}

/** The statuses that stop both clocks, and the one that pauses the resolution. */
const ENDED: ReadonlySet<TicketStatus> = new Set([TicketStatus.Resolved, TicketStatus.Closed]);

/**
 * Both targets of a ticket in `status` at `now` (ms), for the SLA panel: met (in time or late);
 * while its clock runs, on track, at risk or breached; the resolution paused while waiting on the
 * customer; missed or stopped when the ticket was closed without it.
 */
export function slaTargetStates(sla: TicketSlaView, status: TicketStatus, now: number): SlaTargetState[] {
  const nearest = sla.dueAt ? nearestTarget(sla) : null;
  const line = (
    target: SlaTarget,
    dueAt: string | null,
    metAt: string | null,
    breached: boolean,
    runs: boolean,
  ): SlaTargetState => {
    const base = { target, label: SLA_TARGET_LABELS[target], dueAt, metAt };
    if (metAt) return { ...base, kind: breached ? 'met_late' : 'met', text: breached ? 'Met late' : 'Met' };
    if (runs && dueAt) {
      const due = Date.parse(dueAt);
      if (now >= due)
        return { ...base, kind: 'breached', text: `Breached ${formatSlaDuration(now - due)} ago` };
      const atRisk = nearest === target && !!sla.atRiskAt && now >= Date.parse(sla.atRiskAt);
      const left = formatSlaDuration(due - now);
      return atRisk
        ? { ...base, kind: 'at_risk', text: `At risk: due in ${left}` }
        : { ...base, kind: 'on_track', text: `Due in ${left}` };
    }
    if (target === SlaTarget.Resolution && sla.pausedAt)
      return { ...base, kind: 'paused', text: breached ? 'Breached, paused' : 'Paused' };
    return breached
      ? { ...base, kind: 'missed', text: 'Missed' }
      : { ...base, kind: 'stopped', text: 'Not running' };
  };
  const ended = ENDED.has(status);
  return [
    line(
      SlaTarget.FirstResponse,
      sla.firstResponseDueAt,
      sla.firstResponseAt,
      sla.firstResponseBreached,
      !ended,
    ),
    line(
      SlaTarget.Resolution,
      sla.resolutionDueAt,
      sla.resolvedAt,
      sla.resolutionBreached,
      !ended && status !== TicketStatus.WaitingOnCustomer,
    ),
  ];
}
