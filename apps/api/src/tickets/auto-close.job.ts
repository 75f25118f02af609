import { performance } from 'node:perf_hooks';

import { EntityManager } from '@mikro-orm/knex';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

import {
  AUTO_CLOSE_INTERVAL_MS,
  autoCloseCutoff,
  AutomaticTrigger,
  automaticTransition,
  TicketStatus,
} from '@hd/shared/domain';

import { ScheduledJobs } from '../jobs/scheduled-jobs.service';
import { SettingsService } from '../settings/settings.service';
import { Ticket } from './ticket.entity';
import { TicketsService } from './tickets.service';

/** Most tickets one transaction of {@link AutoCloseJob} closes. */
export const AUTO_CLOSE_BATCH_SIZE = 200;

/**
 * A ticket whose close is overdue by more than this (ms) is closed quietly: in-app notifications and
 * history as usual, but no e-mail. The job closes tickets within minutes of their due time, so only
 * auto-close turned on or shortened over old resolved tickets (or an outage of a day) leaves them
 * that late; their customers are not e-mailed about tickets resolved weeks ago, all at once.
 */
export const AUTO_CLOSE_QUIET_AFTER_MS = 24 * 60 * 60_000;

/**
 * How long one run of {@link AutoCloseJob} goes on closing batches before it leaves the rest to the
 * next turn, in ms: well inside the job's 5-minute lease, however many tickets wait.
 */
const RUN_BUDGET_MS = 60_000;

/**
 * The `tickets.auto_close` job (every {@link AUTO_CLOSE_INTERVAL_MS}, once across replicas): closes
 * the tickets left `resolved` for `autoClose.resolvedAfterDays` days (by `resolvedAt`, against the
 * clock's time; 0 turns it off), as the workflow's automatic move `auto_close` says. Each ticket is
 * moved like any status change, by the helpdesk itself: `closedAt` is set (the customer's reopen
 * window counts from it), a system history event is recorded, and the customer (and the assignee)
 * hear of it in-app and by e-mail, all in the transaction of the batch; by e-mail only when the
 * close is at most {@link AUTO_CLOSE_QUIET_AFTER_MS} late.
 *
 * Batches of {@link AUTO_CLOSE_BATCH_SIZE}, oldest resolution first, read through the
 * `tickets_status_deleted_at_resolved_at_index`: a closed ticket leaves the set, so each batch
 * starts from the front and a million tickets are never loaded at once. A ticket changed by someone
 * else meanwhile fails its batch on its version; the job then runs again within a minute.
 */
@Injectable()
export class AutoCloseJob implements OnModuleInit {
  private readonly logger = new Logger('AutoCloseJob');

  constructor(
    private readonly jobs: ScheduledJobs,
    private readonly em: EntityManager,
    private readonly settings: SettingsService,
    private readonly tickets: TicketsService,
  ) {}

  /** Registers the job with {@link ScheduledJobs}. */
  onModuleInit(): void {
    this.jobs.register({
      name: 'tickets.auto_close',
      intervalMs: AUTO_CLOSE_INTERVAL_MS,
      run: (now, stopping) => this.run(now, stopping),
    });
  }

  /**
   * Closes what has been resolved long enough at `now`, batch after batch, for at most a minute,
   * and no further than the batch under way once `stopping` fires (the next run takes the rest).
   * @returns how many tickets were closed
   */
  async run(now: Date, stopping?: AbortSignal): Promise<number> {
    const { resolvedAfterDays } = (await this.settings.get()).autoClose;
    const cutoff = autoCloseCutoff(now, resolvedAfterDays);
    if (!cutoff) return 0;
    const started = performance.now();
    let closed = 0;
    for (;;) {
      const count = await this.closeBatch(cutoff);
      closed += count;
      if (count < AUTO_CLOSE_BATCH_SIZE || performance.now() - started > RUN_BUDGET_MS || stopping?.aborted)
        break;
    }
    if (closed) this.logger.log(`closed ${closed} tickets resolved more than ${resolvedAfterDays} days ago`);
    return closed;
  }

  /** Closes up to one batch of the tickets resolved before `cutoff`, in one transaction. @returns how many */
  private closeBatch(cutoff: Date): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const due = await em.find(
        Ticket,
        { status: TicketStatus.Resolved, resolvedAt: { $lt: cutoff } },
        {
          populate: ['customer', 'assignee'],
          orderBy: { resolvedAt: 'asc', id: 'asc' },
          limit: AUTO_CLOSE_BATCH_SIZE,
        },
      );
      const quietBefore = cutoff.getTime() - AUTO_CLOSE_QUIET_AFTER_MS;
      for (const ticket of due) {
        const to = automaticTransition(AutomaticTrigger.AutoClose, ticket.status);
        const quiet = (ticket.resolvedAt?.getTime() ?? 0) < quietBefore;
        if (to) this.tickets.moveTo(ticket, to, null, AutomaticTrigger.AutoClose, quiet);
      }
      return due.length;
    });
  }
}
