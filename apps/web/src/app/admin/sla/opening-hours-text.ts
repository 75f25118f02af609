import { type OpeningHours, openingHoursProblem, TIME_OF_DAY_PATTERN } from '@hd/shared/domain';

/** One interval as typed: `09:00-17:00` (a hyphen or an en dash, spaces allowed). */
const INTERVAL = /^\s*(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})\s*$/;

/**
 * A day's opening hours as typed in the admin page: intervals separated by commas, each
 * `HH:mm-HH:mm` (`24:00` for midnight), e.g. `09:00-12:00, 13:00-17:00`; empty for a closed day.
 * @returns the intervals, or a sentence saying what is wrong (the domain's `openingHoursProblem`)
 */
export function parseOpeningHours(text: string): OpeningHours[] | string {
  if (!text.trim()) return [];
  const intervals: OpeningHours[] = [];
  for (const part of text.split(',')) {
    const match = INTERVAL.exec(part);
    if (!match || !TIME_OF_DAY_PATTERN.test(match[1]) || !TIME_OF_DAY_PATTERN.test(match[2]))
      return 'Write the hours as 09:00-17:00, several separated by commas';
    intervals.push({ start: match[1], end: match[2] });
  }
  const problem = openingHoursProblem(intervals);
  return problem ? `Check the hours: ${problem}` : intervals;
}

/** A day's opening hours as the admin page shows them: `09:00-12:00, 13:00-17:00`, '' when closed. */
export function formatOpeningHours(intervals: readonly OpeningHours[]): string {
  return intervals.map(({ start, end }) => `${start}-${end}`).join(', ');
}
