import { SlaClock, SlaSchedule } from '@hd/shared/domain';

import { Ticket } from './ticket.entity';

/** The SLA columns of a ticket, as the entity or a plain-SQL row carries them. */
export type TicketSlaColumns = Pick<
  Ticket,
  'firstResponseDueAt' | 'resolutionDueAt' | 'slaPausedAt' | 'slaPausedSeconds' | 'slaDueAt' | 'slaAtRiskAt'
>;

/** A ticket's SLA clock from its columns; null when they were never computed. */
export function slaClockOf(ticket: TicketSlaColumns): SlaClock | null {
  if (!ticket.firstResponseDueAt || !ticket.resolutionDueAt) return null;
  return {
    firstResponseDueAt: ticket.firstResponseDueAt,
    resolutionDueAt: ticket.resolutionDueAt,
    pausedAt: ticket.slaPausedAt,
    pausedMs: ticket.slaPausedSeconds * 1000,
  };
}

/** Writes an SLA clock and its schedule to the ticket's columns (the caller flushes). */
export function writeSla(ticket: Ticket, clock: SlaClock, schedule: SlaSchedule): void {
  ticket.firstResponseDueAt = clock.firstResponseDueAt;
  ticket.resolutionDueAt = clock.resolutionDueAt;
  ticket.slaPausedAt = clock.pausedAt;
  ticket.slaPausedSeconds = Math.round(clock.pausedMs / 1000);
  ticket.slaDueAt = schedule.dueAt;
  ticket.slaAtRiskAt = schedule.atRiskAt;
  ticket.slaAlertAt = schedule.alertAt;
}
