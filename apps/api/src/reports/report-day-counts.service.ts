import { tzOffset } from '@date-fns/tz';
import { EntityManager, Knex } from '@mikro-orm/knex';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { HelpdeskSettings } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Setting } from '../settings/setting.entity';
import { SETTINGS_UPDATED_EVENT, SettingsService } from '../settings/settings.service';
import { prepareReportDayRecount, recountReportDayCounts } from './report-day-counts.sql';

/**
 * The `settings` row (not a section admins edit) that says which days `report_day_counts` counts
 * by; without it, UTC days (as the migration filled the table).
 */
export const REPORT_DAYS_SETTING = 'reportDays';

/** The value of the {@link REPORT_DAYS_SETTING} row. */
export interface ReportDaysSetting {
  /** The UTC offset of the days, in minutes (local time = UTC + offset; -300 for UTC-5). */
  shiftMinutes: number;
  /** The IANA time zone the offset was taken from (for people reading the row). */
  timeZone: string;
  /**
   * When the table was counted for these days (ISO 8601): the row changes with every recount, so a
   * report that reads it before and after its statements knows whether one happened between.
   */
  countedAt: string;
}

/** How long one statement of a recount may run on PostgreSQL, in ms (filling at tens of millions of tickets). */
const RECOUNT_STATEMENT_TIMEOUT_MS = 3_600_000;

const DAY_MS = 86_400_000;

/**
 * The UTC offset, in minutes, that `timeZone` (IANA) has on most days of `year`, read at each
 * day's noon UTC with `@date-fns/tz` (the runtime's time zone data): its daylight-saving offset in
 * zones where summer time lasts longer than winter time (most of North America and Europe), its
 * standard offset elsewhere; the first found on a tie.
 */
export function prevailingOffsetMinutes(timeZone: string, year: number): number {
  const days = new Map<number, number>();
  for (let noon = Date.UTC(year, 0, 1, 12); noon < Date.UTC(year + 1, 0, 1); noon += DAY_MS) {
    const offset = tzOffset(timeZone, new Date(noon));
    days.set(offset, (days.get(offset) ?? 0) + 1);
  }
  let best = 0;
  let most = 0;
  for (const [offset, count] of days) {
    if (count > most) [best, most] = [offset, count];
  }
  return best;
}

/**
 * Keeps the days of `report_day_counts` on the report's calendar. Reports count days, weeks and
 * months in the business hours' time zone (UTC when business hours are off); the table counts
 * each ticket on the day of a fixed UTC offset, so that a report's buckets are whole days of the
 * table. When the time zone changes (an admin's settings change, seen in this process), and at
 * start-up (in case a change was not followed through), it counts the table again for the zone's
 * prevailing offset ({@link prevailingOffsetMinutes}): the triggers rewritten, the rows counted
 * from the tickets, the {@link REPORT_DAYS_SETTING} row written, in one transaction (see
 * `recountReportDayCounts`). Until that commits, and on the days a zone's daylight-saving offset
 * differs from the counted one, reports count the tickets of the hours between the two offsets'
 * midnights themselves (`ReportQueries`); a report that a recount's commit overtakes is computed
 * again (`ReportsService`).
 *
 * Recounting takes as long as filling the table from every ticket (about 5 s for a million
 * tickets on a 2-core machine, on SQLite and PostgreSQL alike). Meanwhile, on SQLite nothing can be
 * written (its one writer connection is busy: writes wait, and past `DB_TIMEOUT` are answered 503
 * with `Retry-After`); on PostgreSQL tickets cannot be (a lock on `tickets`, taken within
 * `DB_TIMEOUT` or the recount is left for the next start-up or settings change). It happens once
 * per change of time zone.
 */
@Injectable()
export class ReportDayCountsService {
  private readonly logger = new Logger('ReportDayCounts');
  /** The recount running or last run in this process: recounts follow one another. */
  private running: Promise<boolean> = Promise.resolve(false);

  constructor(
    private readonly em: EntityManager,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * At start-up, once the migrations have run (`createApp`), in the background: the table's days
   * to the current settings' time zone.
   */
  start(): void {
    this.inBackground();
  }

  /** After an admin's settings change (in this process), in the background. */
  @OnEvent(SETTINGS_UPDATED_EVENT)
  onSettingsUpdated(): void {
    this.inBackground();
  }

  /**
   * Counts `report_day_counts` again when its days are not those of the current settings' time
   * zone, after any recount this process has running.
   * @returns whether it counted the table again
   * @throws what the database throws (the transaction is rolled back; the table keeps its days)
   */
  reconcile(): Promise<boolean> {
    const run = this.running.catch(() => false).then(() => this.recountIfNeeded());
    this.running = run;
    return run;
  }

  /** The UTC offset, in minutes, that the settings' report time zone asks the days to have. */
  wantedShiftMinutes(settings: HelpdeskSettings): number {
    const { enabled, timeZone } = settings.businessHours;
    return enabled ? prevailingOffsetMinutes(timeZone, this.clock.now().getUTCFullYear()) : 0;
  }

  private inBackground(): void {
    this.reconcile().catch((error: unknown) =>
      this.logger.error(
        `could not count the reports' days for the time zone: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  private async recountIfNeeded(): Promise<boolean> {
    // A first look, outside any transaction: mostly there is nothing to do.
    const settings = await this.settings.read();
    if ((await this.storedShiftMinutes(this.em.fork())) === this.wantedShiftMinutes(settings)) return false;
    const started = Date.now();
    const dialect = this.config.dialect === 'sqlite' ? 'sqlite' : 'postgresql';
    const recounted = await this.em.fork().transactional(async (em) => {
      const trx = em.getTransactionContext<Knex.Transaction>();
      if (!trx) throw new Error('a recount runs inside a transaction');
      // Past node-postgres's own per-query limit (DB_TIMEOUT and a second): filling takes longer.
      const run = async (sql: string): Promise<void> => {
        await trx.raw(sql).options({ query_timeout: RECOUNT_STATEMENT_TIMEOUT_MS });
      };
      for (const statement of prepareReportDayRecount(dialect, this.config.dbTimeoutMs)) await run(statement);
      // Looked at again under the lock: another process may have changed the zone or counted the days.
      const now = await this.settings.read(em);
      const wanted = this.wantedShiftMinutes(now);
      if ((await this.storedShiftMinutes(em)) === wanted) return null;
      for (const statement of recountReportDayCounts(dialect, wanted * 60_000)) await run(statement);
      const { enabled, timeZone } = now.businessHours;
      const value: ReportDaysSetting = {
        shiftMinutes: wanted,
        timeZone: enabled ? timeZone : 'UTC',
        countedAt: this.clock.now().toISOString(),
      };
      await em.upsert(Setting, {
        key: REPORT_DAYS_SETTING,
        value: JSON.stringify(value),
        updatedAt: this.clock.now(),
      });
      return value;
    });
    if (recounted)
      this.logger.log(
        `counted the reports' days again for ${recounted.timeZone} (UTC${recounted.shiftMinutes >= 0 ? '+' : ''}${recounted.shiftMinutes / 60} h) in ${Date.now() - started} ms`,
      );
    return recounted !== null;
  }

  /** The offset the table's days have now, in minutes (0: UTC days). */
  private async storedShiftMinutes(em: EntityManager): Promise<number> {
    const rows = await em
      .getConnection()
      .execute<Array<{ value: string }>>(
        'select value from settings where key = ?',
        [REPORT_DAYS_SETTING],
        'all',
        em.getTransactionContext(),
      );
    return rows[0] ? (JSON.parse(rows[0].value) as ReportDaysSetting).shiftMinutes : 0;
  }
}
