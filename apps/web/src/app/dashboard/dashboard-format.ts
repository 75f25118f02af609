import { ReportInterval } from '@hd/shared/domain';

/** `YYYY-MM-DD` of `date`'s calendar day where the browser is (what the date picker shows). */
export function isoDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The date `days` days before `date` (same time of day). */
export function daysBefore(date: Date, days: number): Date {
  const result = new Date(date);
  result.setDate(result.getDate() - days);
  return result;
}

/**
 * A duration in minutes for people: `—` for none, `45 min`, `3 h 20 min`, `2 d 4 h` (rounded to
 * the minute, then to the hour past a day).
 */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  if (total < 24 * 60) {
    const rest = total % 60;
    return rest ? `${Math.floor(total / 60)} h ${rest} min` : `${total / 60} h`;
  }
  const hours = Math.round(total / 60);
  const rest = hours % 24;
  return rest ? `${Math.floor(hours / 24)} d ${rest} h` : `${hours / 24} d`;
}

/** A share 0..1 as a whole percentage (`93 %`), or `—` for none. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/**
 * The label of a bucket starting at `start` (ISO 8601) in `timeZone`: the day (`Nov 2`), the week
 * (`w/c Nov 2`, ISO weeks start on Monday) or the month (`Nov 2026`), in `locale`.
 */
export function bucketLabel(
  start: string,
  interval: ReportInterval,
  timeZone: string,
  locale = 'en-US',
): string {
  const date = new Date(start);
  if (interval === ReportInterval.Month)
    return new Intl.DateTimeFormat(locale, { timeZone, month: 'short', year: 'numeric' }).format(date);
  const day = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' }).format(date);
  return interval === ReportInterval.Week ? `w/c ${day}` : day;
}
