import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Helpdesk-Signature` value of `body` sent at `timestamp` (unix seconds):
 * `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with secret>`. The same scheme as
 * Stripe's webhook signatures, so receivers can reuse their verification code: signing the
 * timestamp with the body lets them refuse a replayed request whose `t` is too old.
 */
export function signWebhook(body: string, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Verifies a signature header as a receiver does: a `v1` that matches, and `t` within
 * `toleranceSeconds` of `now` (unix seconds). Exported for tests and as the reference receivers can copy.
 */
export function verifyWebhookSignature(
  header: string,
  body: string,
  secret: string,
  now: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = signWebhook(body, secret, timestamp).split('v1=')[1];
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
