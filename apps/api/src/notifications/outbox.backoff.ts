/** Longest wait between two attempts to send one e-mail, in ms (30 minutes). */
export const MAX_RETRY_DELAY_MS = 30 * 60_000;
/** How long the outbox keeps retrying a message after it was queued, in ms (24 hours). */
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

/**
 * When to try again after attempt number `attempts` (1-based) failed: `baseMs` doubled for each
 * attempt after the first, capped at {@link MAX_RETRY_DELAY_MS}; or null to give up, when that
 * time would be more than {@link GIVE_UP_AFTER_MS} after `createdAt`.
 * @param attempts how many attempts have been made, including the one that just failed (at least 1)
 * @param baseMs the first delay, in ms
 */
export function nextAttemptAfterFailure(
  attempts: number,
  createdAt: Date,
  now: Date,
  baseMs: number,
): Date | null {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(baseMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
  const next = new Date(now.getTime() + delay);
  return next.getTime() - createdAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}
