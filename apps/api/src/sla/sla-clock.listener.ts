import { EventSubscriber, FlushEventArgs, MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import {
  afterStatusChange,
  type HelpdeskSettings,
  newSlaClock,
  SlaClock,
  slaSchedule,
  stopsResolutionClock,
  TicketStatus,
  withNewTargets,
} from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { SETTINGS_UPDATED_EVENT, SettingsService } from '../settings/settings.service';
import { slaClockOf, writeDurations, writeSla } from '../tickets/ticket-sla';
import { Ticket } from '../tickets/ticket.entity';
import {
  TicketEvent,
  TicketEvents,
  TicketStatusChangedEvent,
  TicketUpdatedEvent,
} from '../tickets/ticket.events';
import { SlaPoliciesService } from './sla-policies.service';

/** Tickets read per statement when the settings change (see `SlaClockListener.reschedule`). */
const RESCHEDULE_BATCH = 500;

/** One change of a ticket that moves its SLA clock, in the order it happened. */
type ClockChange =
  | { ticket: Ticket; kind: 'created' }
  | { ticket: Ticket; kind: 'status'; to: TicketStatus; at: Date }
  | { ticket: Ticket; kind: 'priority' }
  | { ticket: Ticket; kind: 'touched' };

/**
 * Keeps each ticket's SLA columns (see `Ticket.firstResponseDueAt` and the following) in step with
 * the ticket, from the ticket domain events, in the same unit of work as the change:
 * - `ticket.created`: due times from creation with the priority's policy;
 * - `ticket.status_changed`: the resolution clock pauses (waiting on the customer) or stops
 *   (resolved, closed) and, on leaving those, resumes with its due time pushed by the span;
 * - `ticket.updated` with a new priority: due times again from creation, pauses kept;
 * - `ticket.replied` (the first public staff reply sets `firstResponseAt`) and the others: the
 *   denormalised `sla_due_at`, `sla_at_risk_at` and `sla_alert_at` again.
 *
 * The handlers only queue the change (they run synchronously inside the service's call); the policies
 * and settings are read in `beforeFlush` (a MikroORM event subscriber, awaited before the flush's
 * transaction), which writes the columns so they are flushed with the change. The rules themselves
 * are the pure functions of `sla.ts` in `@hd/shared/domain`.
 *
 * When an admin changes the settings (business hours, the at-risk threshold), the at-risk and
 * alert instants of every ticket whose clock runs are computed again ({@link reschedule}); the due
 * times stay as they were computed (a new priority computes them again).
 */
@Injectable()
export class SlaClockListener implements EventSubscriber, OnModuleInit {
  private readonly logger = new Logger('SlaClockListener');
  private readonly pending = new WeakMap<object, ClockChange[]>();

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    private readonly policies: SlaPoliciesService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /** Registers this object as a MikroORM event subscriber (shared by every fork). */
  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  /** A new ticket: its clock starts. */
  @OnEvent(TicketEvents.Created)
  onCreated({ ticket }: TicketEvent): void {
    this.queue({ ticket, kind: 'created' });
  }

  /** A status move: the resolution clock may pause, stop or resume. */
  @OnEvent(TicketEvents.StatusChanged)
  onStatusChanged({ ticket, to }: TicketStatusChangedEvent): void {
    this.queue({ ticket, kind: 'status', to, at: this.clock.now() });
  }

  /** An edit: a new priority computes the due times again. */
  @OnEvent(TicketEvents.Updated)
  onUpdated({ ticket, changes }: TicketUpdatedEvent): void {
    this.queue({ ticket, kind: changes.includes('priority') ? 'priority' : 'touched' });
  }

  /** A public reply (maybe the first response), an assignment: the schedule again. */
  @OnEvent(TicketEvents.Replied)
  @OnEvent(TicketEvents.Assigned)
  onTouched({ ticket }: TicketEvent): void {
    this.queue({ ticket, kind: 'touched' });
  }

  /** Writes the SLA columns of the tickets changed in the unit of work about to be flushed. */
  async beforeFlush({ em }: FlushEventArgs): Promise<void> {
    const changes = this.pending.get(em)?.splice(0);
    if (!changes?.length) return;
    // Read through the flushing EntityManager: inside a transaction, no second pooled connection.
    const { businessHours: hours, sla } = await this.settings.get(em as EntityManager);
    const clocks = new Map<Ticket, SlaClock>();
    const resolved = new Set<Ticket>();
    for (const change of changes) {
      const { ticket } = change;
      if (change.kind === 'status' && change.to === TicketStatus.Resolved) resolved.add(ticket);
      const targets = await this.policies.targetsFor(ticket.priority, em as EntityManager);
      const current = clocks.get(ticket) ?? slaClockOf(ticket);
      let next: SlaClock;
      if (change.kind === 'created' || !current) {
        next = newSlaClock(ticket.createdAt, targets, hours);
        // A ticket first seen already stopped (one from before SLAs): stopped since now.
        if (change.kind !== 'created' && stopsResolutionClock(ticket.status))
          next = { ...next, pausedAt: this.clock.now() };
      } else if (change.kind === 'status') {
        next = afterStatusChange(current, change.to, change.at, hours);
      } else if (change.kind === 'priority') {
        next = withNewTargets(current, ticket.createdAt, targets, hours);
      } else {
        next = current;
      }
      clocks.set(ticket, next);
    }
    for (const [ticket, clock] of clocks) {
      writeSla(ticket, clock, slaSchedule(ticket, clock, hours, sla.atRiskThreshold));
      writeDurations(ticket, hours, resolved.has(ticket));
    }
  }

  /** New settings: the running tickets' at-risk and alert instants again, in the background. */
  @OnEvent(SETTINGS_UPDATED_EVENT)
  onSettingsUpdated(settings: HelpdeskSettings): void {
    this.reschedule(settings).catch((error: unknown) =>
      this.logger.error(
        `could not reschedule the SLA alerts: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /**
   * Computes `sla_due_at`, `sla_at_risk_at` and `sla_alert_at` again under `settings` for every
   * ticket whose clock runs, in batches by id, writing only what changed with plain updates (no new
   * version: nobody changed the ticket). A ticket changed meanwhile gets its own columns from its change.
   * @returns how many tickets changed
   */
  async reschedule(settings: HelpdeskSettings): Promise<number> {
    const { businessHours: hours, sla } = settings;
    let after = 0;
    let changed = 0;
    for (;;) {
      const em = this.orm.em.fork() as EntityManager;
      const tickets = await em.find(
        Ticket,
        { id: { $gt: after }, slaDueAt: { $ne: null } },
        { orderBy: { id: 'asc' }, limit: RESCHEDULE_BATCH },
      );
      if (!tickets.length) return changed;
      for (const ticket of tickets) {
        const clock = slaClockOf(ticket);
        if (!clock) continue;
        const next = slaSchedule(ticket, clock, hours, sla.atRiskThreshold);
        const same = (a: Date | null, b: Date | null): boolean =>
          (a?.getTime() ?? null) === (b?.getTime() ?? null);
        if (
          same(next.dueAt, ticket.slaDueAt) &&
          same(next.atRiskAt, ticket.slaAtRiskAt) &&
          same(next.alertAt, ticket.slaAlertAt)
        )
          continue;
        // A plain statement: `em.nativeUpdate` would also raise the ticket's version (its ETag).
        const date = (value: Date | null): unknown =>
          value ? em.getPlatform().processDateProperty(value) : null;
        await em
          .getConnection('write')
          .execute(
            'update tickets set sla_due_at = ?, sla_at_risk_at = ?, sla_alert_at = ? where id = ?',
            [date(next.dueAt), date(next.atRiskAt), date(next.alertAt), ticket.id],
            'run',
          );
        changed++;
      }
      after = tickets[tickets.length - 1].id;
    }
  }

  private queue(change: ClockChange): void {
    const em = this.em.getContext();
    let changes = this.pending.get(em);
    if (!changes) {
      changes = [];
      this.pending.set(em, changes);
    }
    changes.push(change);
  }
}
