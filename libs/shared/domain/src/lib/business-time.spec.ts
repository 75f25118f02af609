import {
  addBusinessMinutes,
  addBusinessTime,
  businessMinutesBetween,
  businessTimeBetween,
  countsBusinessTimeOnly,
} from './business-time';
import { BusinessHours, defaultSettings, OpeningHours, openingHoursProblem, WEEKDAYS } from './settings';

const office = (): OpeningHours[] => [{ start: '09:00', end: '17:00' }];

/** Monday to Friday 09:00-17:00 in `timeZone`, on, with `holidays`. */
function hours(timeZone = 'Europe/London', holidays: string[] = []): BusinessHours {
  return {
    enabled: true,
    timeZone,
    week: {
      monday: office(),
      tuesday: office(),
      wednesday: office(),
      thursday: office(),
      friday: office(),
      saturday: [],
      sunday: [],
    },
    holidays,
  };
}

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();

describe('business time', () => {
  describe('addBusinessMinutes()', () => {
    it('adds plain minutes when business hours are off (24/7)', () => {
      const off = defaultSettings().businessHours;
      expect(iso(addBusinessMinutes(at('2026-11-28T22:00:00Z'), 120, off))).toBe('2026-11-29T00:00:00.000Z');
    });

    it('adds plain minutes when on but the week has no opening hours at all', () => {
      const closed = hours();
      for (const day of WEEKDAYS) closed.week[day] = [];
      expect(countsBusinessTimeOnly(closed)).toBe(false);
      expect(iso(addBusinessMinutes(at('2026-11-28T22:00:00Z'), 60, closed))).toBe(
        '2026-11-28T23:00:00.000Z',
      );
    });

    it('counts within one day (Thursday 10:00 + 2 h = 12:00, London in winter is UTC)', () => {
      expect(iso(addBusinessMinutes(at('2026-11-26T10:00:00Z'), 120, hours()))).toBe(
        '2026-11-26T12:00:00.000Z',
      );
    });

    it('ends exactly at closing time rather than at the next opening', () => {
      expect(iso(addBusinessMinutes(at('2026-11-26T09:00:00Z'), 480, hours()))).toBe(
        '2026-11-26T17:00:00.000Z',
      );
    });

    it('carries over the weekend (Friday 13:00 + 8 h = Monday 13:00)', () => {
      expect(iso(addBusinessMinutes(at('2026-11-27T13:00:00Z'), 480, hours()))).toBe(
        '2026-11-30T13:00:00.000Z',
      );
    });

    it('starts counting at the next opening for a start at the weekend, before or after hours', () => {
      expect(iso(addBusinessMinutes(at('2026-11-28T10:00:00Z'), 60, hours()))).toBe(
        '2026-11-30T10:00:00.000Z',
      );
      expect(iso(addBusinessMinutes(at('2026-11-30T07:00:00Z'), 30, hours()))).toBe(
        '2026-11-30T09:30:00.000Z',
      );
      expect(iso(addBusinessMinutes(at('2026-11-30T18:00:00Z'), 30, hours()))).toBe(
        '2026-12-01T09:30:00.000Z',
      );
    });

    it('skips holidays (Thursday 24 Dec 16:00 + 2 h, Christmas on Friday, = Monday 28 Dec 10:00)', () => {
      const christmas = hours('Europe/London', ['2026-12-25']);
      expect(iso(addBusinessMinutes(at('2026-12-24T16:00:00Z'), 120, christmas))).toBe(
        '2026-12-28T10:00:00.000Z',
      );
      expect(iso(addBusinessMinutes(at('2026-12-24T16:00:00Z'), 120, hours()))).toBe(
        '2026-12-25T10:00:00.000Z',
      );
    });

    it('keeps the local opening hours across the change to summer time in Europe/London', () => {
      // Friday 27 March 16:00 GMT; the clocks go forward on Sunday 29 March; Monday opens 09:00 BST = 08:00 UTC.
      expect(iso(addBusinessMinutes(at('2026-03-27T16:00:00Z'), 120, hours()))).toBe(
        '2026-03-30T09:00:00.000Z',
      );
      // And back on Sunday 25 October: Friday 23 16:00 BST (15:00 UTC) leaves 1 h; Monday 26 opens 09:00 GMT.
      expect(iso(addBusinessMinutes(at('2026-10-23T15:00:00Z'), 120, hours()))).toBe(
        '2026-10-26T10:00:00.000Z',
      );
    });

    it('counts 23 hours on the day summer time starts and 25 on the day it ends, when open all day', () => {
      const allDay = hours();
      allDay.week.sunday = [{ start: '00:00', end: '24:00' }];
      // Sunday 29 March: midnight GMT to midnight BST.
      expect(businessMinutesBetween(at('2026-03-29T00:00:00Z'), at('2026-03-29T23:00:00Z'), allDay)).toBe(
        23 * 60,
      );
      expect(iso(addBusinessMinutes(at('2026-03-29T00:00:00Z'), 23 * 60 + 30, allDay))).toBe(
        '2026-03-30T08:30:00.000Z',
      );
      // Sunday 25 October: midnight BST (23:00 UTC the day before) to midnight GMT.
      expect(businessMinutesBetween(at('2026-10-24T23:00:00Z'), at('2026-10-26T00:00:00Z'), allDay)).toBe(
        25 * 60,
      );
    });

    it('uses the opening hours of the configured zone (New York)', () => {
      // Monday 30 November 09:00 EST = 14:00 UTC; a start at 13:00 UTC (08:00 local) waits for the opening.
      expect(iso(addBusinessMinutes(at('2026-11-30T13:00:00Z'), 60, hours('America/New_York')))).toBe(
        '2026-11-30T15:00:00.000Z',
      );
    });

    it('skips the gaps between several intervals of one day', () => {
      const lunch = hours();
      lunch.week.monday = [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ];
      expect(iso(addBusinessMinutes(at('2026-11-30T11:00:00Z'), 120, lunch))).toBe(
        '2026-11-30T14:00:00.000Z',
      );
    });

    it('counts an evening interval that ends at midnight (24:00)', () => {
      const evening = hours();
      evening.week.monday = [{ start: '20:00', end: '24:00' }];
      expect(iso(addBusinessMinutes(at('2026-11-30T23:00:00Z'), 90, evening))).toBe(
        '2026-12-01T09:30:00.000Z',
      );
    });

    it('returns the start for zero minutes, even outside the opening hours', () => {
      expect(iso(addBusinessTime(at('2026-11-28T10:00:00Z'), 0, hours()))).toBe('2026-11-28T10:00:00.000Z');
    });
  });

  describe('businessMinutesBetween()', () => {
    it('is the plain difference when business hours are off', () => {
      const off = defaultSettings().businessHours;
      expect(businessMinutesBetween(at('2026-11-28T10:00:00Z'), at('2026-11-29T10:00:00Z'), off)).toBe(1440);
    });

    it('counts only the opening hours, across a weekend and a holiday', () => {
      expect(businessMinutesBetween(at('2026-11-27T16:00:00Z'), at('2026-11-30T10:00:00Z'), hours())).toBe(
        120,
      );
      const christmas = hours('Europe/London', ['2026-12-25']);
      expect(businessMinutesBetween(at('2026-12-24T16:00:00Z'), at('2026-12-28T10:00:00Z'), christmas)).toBe(
        120,
      );
    });

    it('is 0 outside the opening hours and negative backwards', () => {
      expect(businessTimeBetween(at('2026-11-28T10:00:00Z'), at('2026-11-29T18:00:00Z'), hours())).toBe(0);
      expect(businessMinutesBetween(at('2026-11-30T11:00:00Z'), at('2026-11-30T10:00:00Z'), hours())).toBe(
        -60,
      );
    });

    it('counts the summer-time change in London as local hours', () => {
      expect(businessMinutesBetween(at('2026-03-27T16:00:00Z'), at('2026-03-30T09:00:00Z'), hours())).toBe(
        120,
      );
    });

    it('is the inverse of addBusinessMinutes()', () => {
      const h = hours('Europe/London', ['2026-12-25']);
      for (const start of ['2026-12-23T15:17:00Z', '2026-12-26T08:00:00Z', '2026-03-27T10:00:00Z']) {
        for (const minutes of [1, 59, 480, 2880, 7200]) {
          const end = addBusinessMinutes(at(start), minutes, h);
          expect(businessMinutesBetween(at(start), end, h)).toBe(minutes);
        }
      }
    });
  });

  describe('opening hours', () => {
    it('may not cross midnight: an interval must end after it starts on the same day', () => {
      expect(openingHoursProblem([{ start: '22:00', end: '02:00' }])).toBe(
        '22:00-02:00 ends before it starts',
      );
      expect(openingHoursProblem([{ start: '22:00', end: '24:00' }])).toBeNull();
    });
  });
});
