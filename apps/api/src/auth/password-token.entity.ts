import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { User } from '../users/user.entity';

/** What a password token is for: a reset asked for by its user, or an invitation of a new account. */
export type PasswordTokenPurpose = 'reset' | 'invite';

/**
 * A one-time token that lets its user set a password: sent by e-mail as `token` in a link to
 * `APP_URL/auth/reset`. Only a SHA-256 hash is stored; it works once, until `expiresAt` (1 hour for
 * a reset, 72 hours for an invitation), and only while the user is active.
 */
@Entity({ tableName: 'password_tokens' })
export class PasswordToken {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 16 })
  purpose!: PasswordTokenPurpose;

  /** Hex SHA-256 of the token (256 random bits, so a fast hash is enough). */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'Date' })
  expiresAt!: Date;

  /** Set when the token was used, or when a later password change made it void. */
  @Property({ type: 'Date', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'Date' })
  createdAt!: Date;
}
