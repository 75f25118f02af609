import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';

import { BusinessHours, minutesOfDay, OpeningHours, Weekday, WEEKDAYS } from './settings';

/**
 * Business-time arithmetic for SLA clocks: "N business minutes after an instant" and "business
 * minutes between two instants", in the business hours' IANA time zone (opening hours per weekday,
 * holidays). Pure: no Node APIs, no clock; the zone rules come from `Intl` through `@date-fns/tz`,
 * so daylight-saving changes are applied as the zone has them (an opening interval on the day
 * Europe/London moves to BST is still 09:00 to 17:00 local time).
 *
 * With business hours off, or a week without any opening hours, every minute counts (24/7).
 * Opening intervals never cross midnight (`openingHoursProblem` refuses an end before its start;
 * `24:00` ends at midnight).
 */

const MINUTE_MS = 60_000;

/**
 * How many local days the arithmetic walks at most before giving up: 20 years, far beyond any SLA
 * target (at most a year) plus the longest run of holidays the settings allow.
 */
const MAX_DAYS = 20 * 366;

/** The weekday keys by `Date.getDay()` (0 is Sunday). */
const BY_GET_DAY: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

/** Whether the clocks count business minutes only: on, with at least one opening interval in the week. */
export function countsBusinessTimeOnly(hours: BusinessHours): boolean {
  return hours.enabled && WEEKDAYS.some((day) => (hours.week[day] ?? []).length > 0);
}

/** One local day of the business calendar: its opening intervals as instants (ms), in order. */
function openIntervals(day: TZDate, hours: BusinessHours): Array<[number, number]> {
  if (hours.holidays.includes(format(day, 'yyyy-MM-dd'))) return [];
  const intervals: readonly OpeningHours[] = hours.week[BY_GET_DAY[day.getDay()]] ?? [];
  const at = (time: string): number => {
    const minutes = minutesOfDay(time);
    // `24:00` (and a DST gap) are resolved by TZDate as the local clock has them.
    return new TZDate(
      day.getFullYear(),
      day.getMonth(),
      day.getDate(),
      Math.floor(minutes / 60),
      minutes % 60,
      hours.timeZone,
    ).getTime();
  };
  return intervals
    .map(({ start, end }): [number, number] => [at(start), at(end)])
    .filter(([start, end]) => end > start);
}

/** The local midnight that starts the day of `instant` in `timeZone`. */
function localDayOf(instant: number, timeZone: string): TZDate {
  const local = new TZDate(instant, timeZone);
  return new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone);
}

/**
 * The instant `ms` milliseconds of business time after `start`: with business hours on, only time
 * inside the opening hours (outside holidays) counts, so a start outside them counts from the next
 * opening; a result that falls exactly at a closing time is that closing time.
 * @param ms business time to add, in ms; 0 or less returns `start`
 * @throws Error when the calendar has no opening time within 20 years (not reachable with valid settings)
 */
export function addBusinessTime(start: Date, ms: number, hours: BusinessHours): Date {
  if (ms <= 0) return new Date(start.getTime());
  if (!countsBusinessTimeOnly(hours)) return new Date(start.getTime() + ms);
  let remaining = ms;
  const from = start.getTime();
  let day = localDayOf(from, hours.timeZone);
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const [open, close] of openIntervals(day, hours)) {
      if (close <= from) continue;
      const begin = Math.max(open, from);
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
    day = addDays(day, 1);
  }
  throw new Error('No opening hours within 20 years: check the business hours and holidays');
}

/**
 * The business time between two instants, in ms: with business hours on, the part of
 * `[from, to)` inside the opening hours (outside holidays); negative when `to` is before `from`.
 */
export function businessTimeBetween(from: Date, to: Date, hours: BusinessHours): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return -businessTimeBetween(to, from, hours);
  if (!countsBusinessTimeOnly(hours)) return b - a;
  let total = 0;
  let day = localDayOf(a, hours.timeZone);
  for (let i = 0; i < MAX_DAYS && day.getTime() < b; i++) {
    for (const [open, close] of openIntervals(day, hours)) {
      const begin = Math.max(open, a);
      const end = Math.min(close, b);
      if (end > begin) total += end - begin;
    }
    day = addDays(day, 1);
  }
  return total;
}

/**
 * The instant `minutes` business minutes after `start` ({@link addBusinessTime} in minutes; fractions
 * allowed).
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date {
  return addBusinessTime(start, minutes * MINUTE_MS, hours);
}

/** The business minutes between two instants ({@link businessTimeBetween} in minutes, with fractions). */
export function businessMinutesBetween(from: Date, to: Date, hours: BusinessHours): number {
  return businessTimeBetween(from, to, hours) / MINUTE_MS;
}
