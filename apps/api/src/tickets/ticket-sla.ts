import { type BusinessHours, businessMinutesBetween, SlaClock, SlaSchedule } from '@hd/shared/domain';

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

/**
 * Keeps the durations reports give (`Ticket.firstResponseMinutes`, `Ticket.resolutionMinutes`) in
 * step with the ticket's first response and latest resolution: each worked out when it happens, in
 * business minutes under the business hours of that moment (wall-clock minutes when they are off),
 * and kept as it was when the business hours change later. A reopened ticket keeps its earlier
 * resolution's minutes until it is resolved again, as it keeps `resolvedAt`.
 * @param resolvedNow whether this change resolved the ticket (a new `resolvedAt`)
 */
export function writeDurations(ticket: Ticket, hours: BusinessHours, resolvedNow: boolean): void {
  if (ticket.firstResponseAt && ticket.firstResponseMinutes === null)
    ticket.firstResponseMinutes = businessMinutesBetween(ticket.createdAt, ticket.firstResponseAt, hours);
  if (ticket.resolvedAt && (resolvedNow || ticket.resolutionMinutes === null))
    ticket.resolutionMinutes = businessMinutesBetween(ticket.createdAt, ticket.resolvedAt, hours);
}
