import { BadRequestException } from '@nestjs/common';

import { ReportInterval } from '@hd/shared/domain';

import { reportInstant, reportRange } from './report-range';

const iso = (range: ReturnType<typeof reportRange>): Array<[string, string]> =>
  range.buckets.map((b) => [b.start.toISOString(), b.end.toISOString()]);

describe('reportRange()', () => {
  it('covers both days of a date range, day by day, in UTC', () => {
    const range = reportRange({ from: '2026-11-01', to: '2026-11-03' }, 'UTC');
    expect(range.from.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-11-04T00:00:00.000Z');
    expect(range.interval).toBe(ReportInterval.Day);
    expect(iso(range)).toEqual([
      ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z'],
      ['2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'],
      ['2026-11-03T00:00:00.000Z', '2026-11-04T00:00:00.000Z'],
    ]);
  });

  it('starts weeks on Monday (ISO 8601) and cuts the first and last week to the period', () => {
    // 2026-11-04 is a Wednesday; 2026-11-16 a Monday.
    const range = reportRange({ from: '2026-11-04', to: '2026-11-17', interval: ReportInterval.Week }, 'UTC');
    expect(iso(range)).toEqual([
      ['2026-11-04T00:00:00.000Z', '2026-11-09T00:00:00.000Z'],
      ['2026-11-09T00:00:00.000Z', '2026-11-16T00:00:00.000Z'],
      ['2026-11-16T00:00:00.000Z', '2026-11-18T00:00:00.000Z'],
    ]);
  });

  it('cuts months on the calendar, February included', () => {
    const range = reportRange(
      { from: '2028-01-15', to: '2028-03-31', interval: ReportInterval.Month },
      'UTC',
    );
    expect(iso(range)).toEqual([
      ['2028-01-15T00:00:00.000Z', '2028-02-01T00:00:00.000Z'],
      ['2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'],
      ['2028-03-01T00:00:00.000Z', '2028-04-01T00:00:00.000Z'],
    ]);
  });

  it("follows the time zone's midnights across a daylight-saving change (a 25-hour day)", () => {
    // Europe/London leaves BST on Sunday 2026-10-25.
    const range = reportRange({ from: '2026-10-24', to: '2026-10-26' }, 'Europe/London');
    expect(iso(range)).toEqual([
      ['2026-10-23T23:00:00.000Z', '2026-10-24T23:00:00.000Z'],
      ['2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z'],
      ['2026-10-26T00:00:00.000Z', '2026-10-27T00:00:00.000Z'],
    ]);
  });

  it('takes date-times with a zone as instants, `to` excluded', () => {
    const range = reportRange(
      { from: '2026-11-01T09:30:00+01:00', to: '2026-11-02T12:00:00Z', interval: ReportInterval.Day },
      'UTC',
    );
    expect(iso(range)).toEqual([
      ['2026-11-01T08:30:00.000Z', '2026-11-02T00:00:00.000Z'],
      ['2026-11-02T00:00:00.000Z', '2026-11-02T12:00:00.000Z'],
    ]);
  });

  it('accepts 366 days by day and refuses 367 with 400 VALIDATION_FAILED on interval', () => {
    expect(reportRange({ from: '2028-01-01', to: '2028-12-31' }, 'UTC').buckets).toHaveLength(366);
    const refused = (() => {
      try {
        reportRange({ from: '2028-01-01', to: '2029-01-01' }, 'UTC');
      } catch (error) {
        return error as BadRequestException;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(BadRequestException);
    expect(refused?.getResponse()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: { interval: [expect.stringMatching(/more than 366 day buckets/)] },
    });
    expect(
      reportRange({ from: '2028-01-01', to: '2029-01-01', interval: ReportInterval.Week }, 'UTC').buckets,
    ).toHaveLength(54); // 2028-01-01 is a Saturday: a two-day first week
  });

  it('refuses a period ending before it starts, but takes a single day', () => {
    expect(() => reportRange({ from: '2026-11-02', to: '2026-11-01' }, 'UTC')).toThrow(BadRequestException);
    expect(() => reportRange({ from: '2026-11-02T10:00:00Z', to: '2026-11-02T10:00:00Z' }, 'UTC')).toThrow(
      /to must not be before from/,
    );
    expect(reportRange({ from: '2026-11-02', to: '2026-11-02' }, 'UTC').buckets).toHaveLength(1);
  });
});

describe('reportInstant()', () => {
  it("reads a date as its midnight in the zone, or with endOfDay the next day's", () => {
    expect(reportInstant('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(reportInstant('2026-07-01', 'America/New_York', true).toISOString()).toBe(
      '2026-07-02T04:00:00.000Z',
    );
    expect(reportInstant('2026-07-01T10:00:00-04:00', 'UTC', true).toISOString()).toBe(
      '2026-07-01T14:00:00.000Z',
    );
  });
});
