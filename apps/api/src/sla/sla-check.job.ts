import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { alertsDue, runningTargets, SlaAlertKind } from '@hd/shared/domain';

import { ScheduledJobs } from '../jobs/scheduled-jobs.service';
import { MetricsService } from '../metrics/metrics.service';
import { SettingsService } from '../settings/settings.service';
import { slaClockOf } from '../tickets/ticket-sla';
import { Ticket } from '../tickets/ticket.entity';
import { SLA_EVENT_OF, SlaAlertEvent } from './sla.events';

/** How often `sla.check` runs, in ms (every minute). */
export const SLA_CHECK_INTERVAL_MS = 60_000;

/** Tickets read per statement of a run. */
const BATCH = 200;

/** Most tickets one run looks at; the rest wait for the next run (a minute later). */
const MAX_PER_RUN = 5_000;

/** What one run did. */
export interface SlaCheckResult {
  /** Tickets looked at (their `sla_alert_at` had passed). */
  checked: number;
  /** Alerts raised (each `sla.at_risk` or `sla.breached` of one target). */
  raised: number;
}

/**
 * The `sla.check` job (every minute, once across replicas through {@link ScheduledJobs}): raises
 * `sla.at_risk` when a running SLA target passes the at-risk threshold and `sla.breached` when it
 * passes its due time, at most once per ticket, target and kind. It reads only the tickets whose
 * `sla_alert_at` (the next instant one of their alerts may be due, kept by `SlaClockListener`) has
 * passed, and per ticket, in one transaction: records each alert earned in `sla_alerts` (insert or
 * nothing on the unique key, so a re-run, an overlapping run or another replica never raises one
 * twice), emits `sla.at_risk`/`sla.breached` for those it recorded (notifications, e-mail, history
 * and socket pushes follow from the listeners, in the same transaction), counts breaches in
 * `helpdesk_sla_breaches_total`, and moves `sla_alert_at` to the next instant (or null).
 */
@Injectable()
export class SlaCheckJob implements OnModuleInit {
  private readonly logger = new Logger('SlaCheckJob');

  constructor(
    private readonly jobs: ScheduledJobs,
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    private readonly events: EventEmitter2,
    private readonly settings: SettingsService,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Registers the job with {@link ScheduledJobs}. */
  onModuleInit(): void {
    this.jobs.register({
      name: 'sla.check',
      intervalMs: SLA_CHECK_INTERVAL_MS,
      run: (now, stopping) => this.run(now, stopping),
    });
  }

  /**
   * Raises the alerts earned by `now` (the clock's time when the run started), batch after batch;
   * stops after the batch under way once `stopping` fires (the next run takes the rest).
   */
  async run(now: Date, stopping?: AbortSignal): Promise<SlaCheckResult> {
    const result: SlaCheckResult = { checked: 0, raised: 0 };
    const seen = new Set<number>();
    while (result.checked < MAX_PER_RUN && !stopping?.aborted) {
      const ids = (await this.due(now, seen)).filter((id) => !seen.has(id));
      if (!ids.length) break;
      for (const id of ids) {
        seen.add(id);
        result.checked++;
        result.raised += await RequestContext.create(this.orm.em, () => this.check(id, now));
      }
    }
    if (result.raised) this.logger.log(`raised ${result.raised} SLA alerts on ${result.checked} tickets`);
    return result;
  }

  /** Ids of tickets whose next alert instant has passed, the earliest first. */
  private async due(now: Date, seen: ReadonlySet<number>): Promise<number[]> {
    const em = this.orm.em.fork() as EntityManager;
    const at = em.getPlatform().processDateProperty(now);
    const rows = await em
      .getConnection('write')
      .execute<Array<{ id: number }>>(
        'select id from tickets where sla_alert_at <= ? and deleted_at is null order by sla_alert_at, id limit ?',
        [at, BATCH + seen.size],
      );
    return rows.map((row) => Number(row.id));
  }

  /** Raises the alerts ticket `id` has earned; returns how many it raised. */
  private async check(id: number, now: Date): Promise<number> {
    const { businessHours, sla } = await this.settings.get();
    return this.em.transactional(async (em) => {
      const ticket = await em.findOne(
        Ticket,
        { id, deletedAt: null },
        { populate: ['customer', 'assignee'], refresh: true },
      );
      const clock = ticket ? slaClockOf(ticket) : null;
      if (!ticket || !clock || !ticket.slaAlertAt || ticket.slaAlertAt > now) return 0;
      const { alerts, nextAt } = alertsDue(
        runningTargets(ticket, clock, businessHours, sla.atRiskThreshold),
        now,
      );
      const connection = em.getConnection('write');
      const ctx = em.getTransactionContext();
      const date = (value: Date | null): unknown =>
        value ? em.getPlatform().processDateProperty(value) : null;
      let raised = 0;
      for (const alert of alerts) {
        const inserted = await connection.execute<{ affectedRows?: number }>(
          'insert into sla_alerts (ticket_id, target, kind, due_at, raised_at) values (?, ?, ?, ?, ?)' +
            ' on conflict (ticket_id, target, kind) do nothing',
          [ticket.id, alert.target, alert.kind, date(alert.dueAt), date(now)],
          'run',
          ctx,
        );
        if ((inserted.affectedRows ?? 0) !== 1) continue;
        raised++;
        const event: SlaAlertEvent = { ticket, actor: null, target: alert.target, dueAt: alert.dueAt };
        this.events.emit(SLA_EVENT_OF[alert.kind], event);
        if (alert.kind === SlaAlertKind.Breached) this.metrics?.slaBreached(alert.target);
      }
      // Only if no change of the ticket moved it meanwhile (that change computed its own).
      await connection.execute(
        'update tickets set sla_alert_at = ? where id = ? and sla_alert_at = ?',
        [date(nextAt), ticket.id, date(ticket.slaAlertAt)],
        'run',
        ctx,
      );
      await em.flush();
      return raised;
    });
  }
}
