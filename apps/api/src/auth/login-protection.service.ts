import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

import { ErrorCode } from '@hd/shared/domain';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RateLimiters } from '../redis/rate-limiters';

/** Name of the known-device cookie. */
export const DEVICE_COOKIE = 'hd_device';

/** How long a known-device cookie lasts, in seconds (a year). */
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** Where a login attempt comes from. */
export interface LoginClient {
  /** The client's address (from `X-Forwarded-For` behind a trusted proxy). */
  ip: string;
  /** The known-device cookie the client sent, if any. */
  deviceCookie?: string;
}

/** How long consecutive failures of one account are remembered without a new one, in seconds (a day). */
const FAILURE_MEMORY_S = 24 * 3600;

/**
 * Slows down password guessing without locking out offices or real users (OWASP Authentication
 * Cheat Sheet, "Protect against automated attacks"; OWASP "Slow Down Online Guessing Attacks with
 * Device Cookies"):
 * - **per account**: after `LOGIN_LOCKOUT_AFTER` (5) consecutive failures the account backs off:
 *   `LOGIN_BACKOFF` (30 s), doubling with each further failure, up to `LOGIN_BACKOFF_MAX` (15 min);
 *   a success clears the count. Unknown e-mails are counted alike, so the answers tell nothing.
 * - **known devices**: a successful login sets an HMAC-signed cookie naming the account; a device
 *   presenting it may still log in while the account backs off (the attacker elsewhere does not lock
 *   the owner out), and its own failures count against the device, not the account.
 * - **per IP**: at most `AUTH_FAILURE_LIMIT` (100) failures per `AUTH_FAILURE_WINDOW` (15 min);
 *   successful logins do not count, so a whole office behind one address can log in at 9:00.
 * Counters live in Redis with `REDIS_URL` (across replicas), in memory otherwise.
 */
@Injectable()
export class LoginProtection {
  private readonly ipFailures: RateLimiterAbstract;
  private readonly accountFailures: RateLimiterAbstract;
  private readonly accountBlocks: RateLimiterAbstract;
  private readonly deviceFailures: RateLimiterAbstract;
  private readonly deviceBlocks: RateLimiterAbstract;
  /** HMAC key of the device cookies, derived from the JWT secret. */
  private readonly deviceKey: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    limiters: RateLimiters,
  ) {
    this.ipFailures = limiters.create({
      keyPrefix: 'login-fail-ip',
      points: config.authFailureLimit,
      durationSeconds: Math.ceil(config.authFailureWindowMs / 1000),
    });
    const failures = (keyPrefix: string) =>
      limiters.create({ keyPrefix, points: 1_000_000, durationSeconds: FAILURE_MEMORY_S });
    // A block sets the key past its single point until it expires: "blocked" is consumed > 1.
    const blocks = (keyPrefix: string) => limiters.create({ keyPrefix, points: 1, durationSeconds: 1 });
    this.accountFailures = failures('login-fail-account');
    this.accountBlocks = blocks('login-block-account');
    this.deviceFailures = failures('login-fail-device');
    this.deviceBlocks = blocks('login-block-device');
    this.deviceKey = createHmac('sha256', config.jwtSecret).update('helpdesk device cookie v1').digest();
  }

  /**
   * The device id of `cookie` when it is a device cookie this API signed for `email`; null otherwise.
   */
  knownDevice(cookie: string | undefined, email: string): string | null {
    const [nonce, mac, extra] = (cookie ?? '').split('.');
    if (!nonce || !mac || extra !== undefined || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) return null;
    const expected = Buffer.from(this.sign(nonce, email));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
  }

  /** A new device cookie value for `email` (a random id and its HMAC). */
  issueDevice(email: string): string {
    const nonce = randomBytes(16).toString('base64url');
    return `${nonce}.${this.sign(nonce, email)}`;
  }

  /**
   * Refuses the attempt before the password is checked when the client's address has spent its
   * failures, or the account (for an unknown device) or the device is backing off.
   * @throws HttpException 429 `RATE_LIMITED` with `retryAfterSeconds` (the caller sets `Retry-After`)
   */
  async check(email: string, client: LoginClient, device: string | null): Promise<void> {
    const ip = await this.ipFailures.get(client.ip);
    if (ip && ip.consumedPoints >= this.config.authFailureLimit) {
      throw tooMany('Too many failed logins from this address; try again later', ip.msBeforeNext);
    }
    const block = device ? await this.deviceBlocks.get(device) : await this.accountBlocks.get(key(email));
    if (block && block.consumedPoints > 1) {
      throw tooMany('Too many failed logins for this account; try again later', block.msBeforeNext);
    }
  }

  /** Counts a failed attempt (wrong password, unknown or deactivated account) and starts a back-off when due. */
  async failed(email: string, client: LoginClient, device: string | null): Promise<void> {
    await this.ipFailures.penalty(client.ip, 1);
    const [failures, blocks, id] = device
      ? [this.deviceFailures, this.deviceBlocks, device]
      : [this.accountFailures, this.accountBlocks, key(email)];
    const { consumedPoints } = await failures.penalty(id, 1);
    const beyond = consumedPoints - this.config.loginLockoutAfter;
    if (beyond >= 0) {
      const backoffMs = Math.min(
        this.config.loginBackoffMaxMs,
        this.config.loginBackoffMs * 2 ** Math.min(beyond, 30),
      );
      await blocks.block(id, Math.ceil(backoffMs / 1000));
    }
  }

  /** Clears the consecutive failures of the account (and of the device) after a successful login. */
  async succeeded(email: string, device: string | null): Promise<void> {
    await Promise.all([
      this.accountFailures.delete(key(email)),
      this.accountBlocks.delete(key(email)),
      ...(device ? [this.deviceFailures.delete(device), this.deviceBlocks.delete(device)] : []),
    ]);
  }

  private sign(nonce: string, email: string): string {
    return createHmac('sha256', this.deviceKey)
      .update(`${nonce}|${key(email)}`)
      .digest('base64url');
  }
}

/** The account key of an e-mail: trimmed and lower-cased, as accounts are looked up. */
function key(email: string): string {
  return email.trim().toLowerCase();
}

/** A 429 `RATE_LIMITED` carrying the seconds until the next attempt may succeed (at least 1). */
function tooMany(message: string, msBeforeNext: number): HttpException {
  return new HttpException(
    { message, code: ErrorCode.RateLimited, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

/** Whether `value` is the rejection of a rate-limiter-flexible counter (not a store error). */
export function isRateLimiterRes(value: unknown): value is RateLimiterRes {
  return value instanceof RateLimiterRes;
}
