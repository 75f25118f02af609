import { ReportInterval } from '@hd/shared/domain';

import { bucketLabel, formatMinutes, formatShare, isoDate } from './dashboard-format';

describe('dashboard formats', () => {
  it.each([
    [null, '—'],
    [0.4, '0 min'],
    [59.6, '1 h'],
    [61, '1 h 1 min'],
    [24 * 60, '1 d'],
    [26.5 * 60, '1 d 3 h'],
  ])('writes %p minutes as %p', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });

  it('writes shares as whole percentages', () => {
    expect([formatShare(null), formatShare(0), formatShare(0.925), formatShare(1)]).toEqual([
      '—',
      '0 %',
      '93 %',
      '100 %',
    ]);
  });

  it("labels buckets on the report's calendar", () => {
    const start = '2026-11-01T23:00:00.000Z';
    expect(bucketLabel(start, ReportInterval.Day, 'UTC')).toBe('Nov 1');
    expect(bucketLabel(start, ReportInterval.Day, 'Europe/Berlin')).toBe('Nov 2');
    expect(bucketLabel(start, ReportInterval.Week, 'Europe/Berlin')).toBe('w/c Nov 2');
    expect(bucketLabel(start, ReportInterval.Month, 'UTC')).toBe('Nov 2026');
  });

  it('gives the calendar day where the browser is', () => {
    expect(isoDate(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
