import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';

import { ErrorCode, Role } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { SessionsEndedEvent, UserEvents } from '../users/user.events';
import { EndedSessions } from './ended-sessions';
import { RefreshToken } from './refresh-token.entity';

/** The claims of an access token. */
export interface AccessTokenPayload {
  /** The user's id, as a string (RFC 7519 section 4.1.2). */
  sub: string;
  role: Role;
  /**
   * The session: the refresh-token family of the login the token was issued to (OpenID Connect's
   * `sid`), so "end my other sessions" can spare the caller's. Absent in tokens issued before it existed.
   */
  sid?: string;
  /** When the token was issued, in seconds since the epoch by the API's clock (RFC 7519 section 4.1.6). */
  iat?: number;
}

/** A successful refresh: the user and their new pair. */
export interface Rotation {
  user: User;
  tokens: TokenPair;
}

/** An access token and the refresh token that goes with it. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** SHA-256 of a refresh token, in hex: tokens are 256-bit random, so a fast hash is enough to store them. */
function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Issues access tokens (JWT HS256, `JWT_ACCESS_TTL`) and rotating refresh tokens (`JWT_REFRESH_TTL`)
 * with reuse detection. Both expire by the injectable {@link Clock}: an access token's `iat` and
 * `exp` are the clock's time, and `AccessTokenVerifier` checks them against the clock too.
 */
@Injectable()
export class TokensService {
  /**
   * Rotations of the last `REFRESH_REUSE_GRACE`, by the hash of the refresh token they used up: a
   * second refresh with the same token within that time (two tabs refreshing at once) gets the same
   * new pair instead of setting off reuse detection.
   */
  private readonly recentRotations = new Map<string, { until: number; result: Promise<Rotation> }>();

  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
    private readonly ended: EndedSessions,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a new token family (a login) for `user`. */
  issue(user: User): Promise<TokenPair> {
    return this.issueInFamily(user, randomUUID());
  }

  /**
   * Trades a refresh token for a new pair (rotation). The old token is used up atomically, so two
   * concurrent refreshes with one token cannot both succeed.
   * @throws UnauthorizedException `INVALID_REFRESH_TOKEN` for an unknown, expired or revoked token or a deactivated user
   * @throws UnauthorizedException `REFRESH_TOKEN_REUSED` for a token already used; the whole family is revoked
   */
  async rotate(token: string): Promise<Rotation> {
    const hash = digest(token);
    const recent = this.recentRotation(hash);
    if (recent) return recent;
    const stored = await this.em.findOne(RefreshToken, { tokenHash: hash }, { populate: ['user'] });
    const now = this.clock.now();
    if (!stored || stored.revokedAt || stored.expiresAt <= now || !stored.user.active) {
      throw new UnauthorizedException({
        message: 'Refresh token is invalid or expired; log in again',
        code: ErrorCode.InvalidRefreshToken,
      });
    }
    const usedUp = stored.usedAt
      ? 0
      : await this.em.nativeUpdate(
          RefreshToken,
          { id: stored.id, usedAt: null, revokedAt: null },
          { usedAt: now },
        );
    if (usedUp !== 1) {
      // Used up a moment ago by a concurrent refresh (another tab): the same new pair, once it exists.
      const graceEnds = (stored.usedAt ?? now).getTime() + this.config.refreshReuseGraceMs;
      if (graceEnds > now.getTime()) {
        const sibling = await this.awaitRotation(hash);
        if (sibling) return sibling;
        throw new UnauthorizedException({
          message: 'Refresh token was just used by another request; use the pair it received',
          code: ErrorCode.InvalidRefreshToken,
        });
      }
      await this.revokeFamily(stored.family, stored.user.id);
      throw new UnauthorizedException({
        message: 'Refresh token was already used; every session of this login has been ended, log in again',
        code: ErrorCode.RefreshTokenReused,
      });
    }
    const result = this.issueInFamily(stored.user, stored.family).then((tokens) => ({
      user: stored.user,
      tokens,
    }));
    this.recentRotations.set(hash, { until: now.getTime() + this.config.refreshReuseGraceMs, result });
    return result;
  }

  /** The rotation that used up `hash` within the grace period, if any (expired entries are dropped). */
  private recentRotation(hash: string): Promise<Rotation> | null {
    const now = this.clock.now().getTime();
    for (const [key, entry] of this.recentRotations) if (entry.until <= now) this.recentRotations.delete(key);
    return this.recentRotations.get(hash)?.result ?? null;
  }

  /** Waits up to 2 s for a concurrent rotation of `hash` in this process to be registered. */
  private async awaitRotation(hash: string): Promise<Rotation | null> {
    for (let waited = 0; waited < 2000; waited += 20) {
      const recent = this.recentRotation(hash);
      if (recent) return recent;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }

  /** Ends the session a refresh token belongs to, when it is `userId`'s (logout); anything else is ignored. */
  async revoke(token: string, userId: number): Promise<void> {
    const stored = await this.em.findOne(RefreshToken, { tokenHash: digest(token), user: userId });
    if (stored) await this.revokeFamily(stored.family, userId);
  }

  /** Ends session `sessionId` (an access token's `sid`) of user `userId`: logout by access token alone. */
  async endSession(userId: number, sessionId: string): Promise<void> {
    await this.revokeFamily(sessionId, userId);
  }

  /**
   * Ends every session of user `userId` but the one of `exceptSession` (a token family, the access
   * token's `sid`): their refresh tokens stop working at once. Access tokens already issued run out
   * within `JWT_ACCESS_TTL`, unless the user is deactivated, which refuses them at once.
   * @returns how many refresh tokens were revoked
   */
  async revokeAll(userId: number, exceptSession?: string): Promise<number> {
    const where = {
      user: userId,
      revokedAt: null,
      ...(exceptSession ? { family: { $ne: exceptSession } } : {}),
    };
    const live = await this.em.find(RefreshToken, where, { fields: ['family'] });
    const revoked = await this.em.nativeUpdate(RefreshToken, where, { revokedAt: this.clock.now() });
    await this.sessionsEnded(userId, [...new Set(live.map((token) => token.family))]);
    return revoked;
  }

  private async revokeFamily(family: string, userId: number): Promise<void> {
    await this.em.nativeUpdate(RefreshToken, { family, revokedAt: null }, { revokedAt: this.clock.now() });
    await this.sessionsEnded(userId, [family]);
  }

  /**
   * Refuses the sessions' access tokens from now on (on every replica before this resolves, when
   * Redis answers), and closes their sockets.
   */
  private async sessionsEnded(userId: number, sessionIds: string[]): Promise<void> {
    if (!sessionIds.length) return;
    await this.ended.end(sessionIds);
    const event: SessionsEndedEvent = { userId, sessionIds };
    this.events.emit(UserEvents.SessionsEnded, event);
  }

  private async issueInFamily(user: User, family: string): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const row = this.em.create(RefreshToken, {
      user,
      family,
      tokenHash: digest(refreshToken),
      expiresAt: new Date(this.clock.now().getTime() + this.config.jwtRefreshTtlSeconds * 1000),
      createdAt: this.clock.now(),
    });
    await this.em.persistAndFlush(row);
    // `iat` from the clock: jsonwebtoken counts `exp` (`expiresIn`) from it instead of the real time.
    const payload: AccessTokenPayload = {
      sub: String(user.id),
      role: user.role,
      sid: family,
      iat: Math.floor(this.clock.now().getTime() / 1000),
    };
    const accessToken = await this.jwt.signAsync(payload, {
      expiresIn: this.config.jwtAccessTtlSeconds,
      algorithm: 'HS256',
    });
    return { accessToken, refreshToken };
  }
}
