import { tzOffset } from '@date-fns/tz';
import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { HelpdeskSettings } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Setting } from '../settings/setting.entity';
import { SETTINGS_UPDATED_EVENT, SettingsService } from '../settings/settings.service';
import { recountReportDayCounts } from './report-day-counts.sql';

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
}

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
 * `recountReportDayCounts`). While that runs, and on the days a zone's daylight-saving offset
 * differs from the counted one, reports count the tickets of the hours between the two offsets'
 * midnights themselves (`ReportQueries`): the figures are exact throughout, only slower.
 *
 * Recounting takes as long as filling the table from every ticket (about 5 s for a million
 * tickets on SQLite on a 2-core machine), during which tickets cannot be written (writes wait, and
 * past `DB_TIMEOUT` are answered 503 with `Retry-After`); it happens once per change of time zone.
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
    const settings = await this.settings.get();
    const wanted = this.wantedShiftMinutes(settings);
    if ((await this.storedShiftMinutes(this.em.fork())) === wanted) return false;
    const started = Date.now();
    const { prepare, recount } = recountReportDayCounts(
      this.config.dialect === 'sqlite' ? 'sqlite' : 'postgresql',
      wanted * 60_000,
    );
    const recounted = await this.em.fork().transactional(async (em) => {
      const run = (sql: string): Promise<unknown> =>
        em.getConnection().execute(sql, [], 'run', em.getTransactionContext());
      for (const statement of prepare) await run(statement);
      // Looked at again inside the transaction: another process may have counted the days meanwhile.
      if ((await this.storedShiftMinutes(em)) === wanted) return false;
      for (const statement of recount) await run(statement);
      const { enabled, timeZone } = settings.businessHours;
      const value: ReportDaysSetting = { shiftMinutes: wanted, timeZone: enabled ? timeZone : 'UTC' };
      await em.upsert(Setting, {
        key: REPORT_DAYS_SETTING,
        value: JSON.stringify(value),
        updatedAt: this.clock.now(),
      });
      return true;
    });
    if (recounted)
      this.logger.log(
        `counted the reports' days again at UTC${wanted >= 0 ? '+' : ''}${wanted / 60} h in ${Date.now() - started} ms`,
      );
    return recounted;
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
