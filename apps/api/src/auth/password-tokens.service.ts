import { createHash, randomBytes } from 'node:crypto';

import { EntityManager } from '@mikro-orm/knex';
import { BadRequestException, Injectable } from '@nestjs/common';

import { ErrorCode, INVITATION_TTL_MS, PASSWORD_RESET_TTL_MS } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { User } from '../users/user.entity';
import { PasswordToken, PasswordTokenPurpose } from './password-token.entity';

/** How long each kind of token works, in ms. */
const TTL_MS: Record<PasswordTokenPurpose, number> = {
  reset: PASSWORD_RESET_TTL_MS,
  invite: INVITATION_TTL_MS,
};

/** Hex SHA-256 of a token. */
function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function invalidToken(): BadRequestException {
  return new BadRequestException({
    message: 'This link is invalid, was already used or has expired; ask for a new one',
    code: ErrorCode.InvalidToken,
  });
}

/**
 * One-time tokens that let a user set a password: password resets (1 hour) and invitations of
 * accounts created without a password (72 hours). 32 random bytes, sent base64url-encoded in an
 * e-mail link; only their SHA-256 is stored. Time comes from the injectable {@link Clock}.
 */
@Injectable()
export class PasswordTokensService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a token for `user` and adds it to the current unit of work without flushing, so the
   * caller commits it with the e-mail that carries it.
   * @returns the token to put in the link (never stored)
   */
  issue(user: User, purpose: PasswordTokenPurpose): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const row = this.em.create(
      PasswordToken,
      {
        user,
        purpose,
        tokenHash: digest(token),
        expiresAt: new Date(now.getTime() + TTL_MS[purpose]),
        usedAt: null,
        createdAt: now,
      },
      { persist: false },
    );
    this.em.persist(row);
    return token;
  }

  /**
   * The stored token, with its user, if it can still be used: known, not used, not expired, and its
   * user active.
   * @throws BadRequestException 400 `INVALID_TOKEN` otherwise (one answer for every reason)
   */
  async findUsable(token: string): Promise<PasswordToken> {
    const stored = await this.em.findOne(PasswordToken, { tokenHash: digest(token) }, { populate: ['user'] });
    if (!stored || stored.usedAt || stored.expiresAt <= this.clock.now() || !stored.user.active) {
      throw invalidToken();
    }
    return stored;
  }

  /**
   * Uses up `stored` (one conditional UPDATE, so two concurrent uses cannot both succeed) and voids
   * every other unused token of its user, so an older link cannot undo the new password. Run it
   * in the transaction that sets the password.
   * @throws BadRequestException 400 `INVALID_TOKEN` when it was used meanwhile
   */
  async consume(stored: PasswordToken): Promise<void> {
    const now = this.clock.now();
    const used = await this.em.nativeUpdate(PasswordToken, { id: stored.id, usedAt: null }, { usedAt: now });
    if (used !== 1) throw invalidToken();
    await this.voidAll(stored.user.id);
  }

  /** Voids every unused token of user `userId` (after a password change, or a deactivation). */
  async voidAll(userId: number): Promise<void> {
    await this.em.nativeUpdate(PasswordToken, { user: userId, usedAt: null }, { usedAt: this.clock.now() });
  }
}
