import { createSecretKey, KeyObject } from 'node:crypto';

import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { ErrorCode } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ActiveUsersCache } from '../users/active-users.cache';
import { EndedSessions } from './ended-sessions';
import { AccessTokenPayload } from './tokens.service';

/** The only algorithm access tokens are signed and accepted with (RFC 7518 section 3.2). */
export const ACCESS_TOKEN_ALGORITHMS: ['HS256'] = ['HS256'];

/** A verified access token: whose it is and when it stops being valid. */
export interface VerifiedAccessToken {
  user: AuthUser;
  /** When the token expires, in ms since the epoch; null for a token without `exp`. */
  expiresAt: number | null;
}

/**
 * The one check of an access token, for HTTP (the passport strategy) and WebSockets (the
 * socket.io handshake) alike: signature and expiry (HS256, `JWT_SECRET`; expiry by the injectable
 * {@link Clock}, see {@link clockTimestamp}), then the user it names
 * must still exist and be active, and their current role is used (not the token's), so a
 * deactivation or role change takes effect at once (the user is read through
 * {@link ActiveUsersCache}, which forgets a user as soon as such a change is made).
 */
@Injectable()
export class AccessTokenVerifier {
  /**
   * The secret as a key object: given a string, jsonwebtoken first tries to read it as a PEM public
   * key and catches the failure, on every verification (a tenth of a queue request's CPU time).
   */
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly users: ActiveUsersCache,
    private readonly ended: EndedSessions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /**
   * The key access tokens are signed with, for passport-jwt (which checks the signature itself).
   * jsonwebtoken takes a `KeyObject` where the typings of passport-jwt and `@nestjs/jwt` say Buffer.
   */
  get secret(): Buffer {
    return this.key as unknown as Buffer;
  }

  /**
   * The clock's current time in whole seconds since the epoch: jsonwebtoken's `clockTimestamp`
   * verify option, so that `exp` (and `nbf`) are checked against the same clock that signed the
   * token's `iat` and `exp` (`TokensService`), which tests move instead of waiting.
   */
  clockTimestamp(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /**
   * Verifies a raw token: signature, algorithm, expiry by the clock, then {@link userFor}. Needs a
   * MikroORM request context (the HTTP pipeline has one; socket handlers create one).
   * @throws UnauthorizedException 401 `UNAUTHORIZED` for a forged, malformed or expired token, or a deactivated user
   */
  async verify(token: string): Promise<VerifiedAccessToken> {
    let payload: AccessTokenPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync(token, {
        secret: this.secret,
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        clockTimestamp: this.clockTimestamp(),
      });
    } catch {
      throw new UnauthorizedException({
        message: 'Invalid or expired access token',
        code: ErrorCode.Unauthorized,
      });
    }
    // A socket lives for hours on what its handshake saw: that reads the user afresh, not from the cache.
    return {
      user: await this.userFor(payload, { fresh: true }),
      expiresAt: payload.exp ? payload.exp * 1000 : null,
    };
  }

  /**
   * Checks a token's `exp` (seconds since the epoch) against the clock, for the HTTP strategy, whose
   * library measures expiry by the real time (so it is told to skip it). A token without `exp` is
   * refused by {@link userFor}.
   * @throws UnauthorizedException 401 `UNAUTHORIZED` "Access token expired; refresh it"
   */
  assertUnexpired(payload: { exp?: unknown }): void {
    if (typeof payload.exp === 'number' && payload.exp <= this.clockTimestamp()) {
      throw new UnauthorizedException({
        message: 'Access token expired; refresh it',
        code: ErrorCode.Unauthorized,
      });
    }
  }

  /**
   * The active user a verified token names, with their current role and session.
   * @throws UnauthorizedException 401 `UNAUTHORIZED` for a token without `exp`, a user who no longer
   *   exists or was deactivated, or a session that ended (logout, log out everywhere, password change)
   */
  async userFor(
    payload: AccessTokenPayload & { exp?: unknown },
    options: { fresh?: boolean } = {},
  ): Promise<AuthUser> {
    // Every token this API signs expires; one without `exp` would never end, whatever its signature.
    if (typeof payload.exp !== 'number') {
      throw new UnauthorizedException({
        message: 'Access token has no expiry',
        code: ErrorCode.Unauthorized,
      });
    }
    const id = Number(payload.sub);
    const user = Number.isInteger(id) ? await this.users.get(id, options) : null;
    if (!user) {
      throw new UnauthorizedException({
        message: 'This account no longer exists or was deactivated',
        code: ErrorCode.Unauthorized,
      });
    }
    // After the account check, so a deactivated user is told so rather than "logged out".
    if (typeof payload.sid === 'string' && (await this.ended.isEnded(payload.sid))) {
      throw new UnauthorizedException({
        message: 'This session has ended (logged out); log in again',
        code: ErrorCode.Unauthorized,
      });
    }
    return {
      id: user.id,
      role: user.role,
      name: user.name,
      email: user.email,
      ...(typeof payload.sid === 'string' ? { sessionId: payload.sid } : {}),
    };
  }
}
