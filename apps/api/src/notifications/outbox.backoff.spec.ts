import { GIVE_UP_AFTER_MS, MAX_RETRY_DELAY_MS, nextAttemptAfterFailure } from './outbox.backoff';

describe('nextAttemptAfterFailure()', () => {
  const created = new Date('2026-11-22T00:00:00.000Z');
  const delayAfter = (attempts: number, now = created): number | null => {
    const next = nextAttemptAfterFailure(attempts, created, now, 5000);
    return next ? next.getTime() - now.getTime() : null;
  };

  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [9, 1_280_000],
  ])('waits base x 2^(attempt-1): after attempt %i, %i ms', (attempts, expected) => {
    expect(delayAfter(attempts)).toBe(expected);
  });

  it('caps the wait at 30 minutes, however many attempts', () => {
    expect(delayAfter(10)).toBe(MAX_RETRY_DELAY_MS);
    expect(delayAfter(500)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('gives up when the next attempt would be more than a day after the message was queued', () => {
    const late = new Date(created.getTime() + GIVE_UP_AFTER_MS - 60_000);
    expect(delayAfter(20, late)).toBeNull();
    const earlier = new Date(created.getTime() + GIVE_UP_AFTER_MS - MAX_RETRY_DELAY_MS);
    expect(delayAfter(20, earlier)).toBe(MAX_RETRY_DELAY_MS);
  });
});
