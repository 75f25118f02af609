import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { ErrorCode, Role } from '@hd/shared/domain';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { RefreshToken } from './refresh-token.entity';

/** The claims of an access token. */
export interface AccessTokenPayload {
  /** The user's id, as a string (RFC 7519 section 4.1.2). */
  sub: string;
  role: Role;
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
 * with reuse detection.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
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
  async rotate(token: string): Promise<{ user: User; tokens: TokenPair }> {
    const stored = await this.em.findOne(RefreshToken, { tokenHash: digest(token) }, { populate: ['user'] });
    const now = new Date();
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
      await this.revokeFamily(stored.family);
      throw new UnauthorizedException({
        message: 'Refresh token was already used; every session of this login has been ended, log in again',
        code: ErrorCode.RefreshTokenReused,
      });
    }
    return { user: stored.user, tokens: await this.issueInFamily(stored.user, stored.family) };
  }

  /** Ends the session a refresh token belongs to, when it is `userId`'s (logout); anything else is ignored. */
  async revoke(token: string, userId: number): Promise<void> {
    const stored = await this.em.findOne(RefreshToken, { tokenHash: digest(token), user: userId });
    if (stored) await this.revokeFamily(stored.family);
  }

  private async revokeFamily(family: string): Promise<void> {
    await this.em.nativeUpdate(RefreshToken, { family, revokedAt: null }, { revokedAt: new Date() });
  }

  private async issueInFamily(user: User, family: string): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const row = this.em.create(RefreshToken, {
      user,
      family,
      tokenHash: digest(refreshToken),
      expiresAt: new Date(Date.now() + this.config.jwtRefreshTtlSeconds * 1000),
      createdAt: new Date(),
    });
    await this.em.persistAndFlush(row);
    const payload: AccessTokenPayload = { sub: String(user.id), role: user.role };
    const accessToken = await this.jwt.signAsync(payload, {
      expiresIn: this.config.jwtAccessTtlSeconds,
      algorithm: 'HS256',
    });
    return { accessToken, refreshToken };
  }
}
