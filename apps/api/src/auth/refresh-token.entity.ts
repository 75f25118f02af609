import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { User } from '../users/user.entity';

/**
 * One refresh token of a session. Tokens of one login form a family: each refresh uses up its
 * token and issues the next one in the family; presenting a used token again revokes the family
 * (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2, refresh token rotation).
 * Only a SHA-256 hash of the token is stored.
 */
@Entity({ tableName: 'refresh_tokens' })
@Index({ name: 'refresh_tokens_family_index', properties: ['family'] })
export class RefreshToken {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: User;

  /** Random id shared by every token of one login. */
  @Property({ type: 'string', length: 36 })
  family!: string;

  /** Hex SHA-256 of the token. */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'Date' })
  expiresAt!: Date;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  /** Set when the token was traded for the next one. */
  @Property({ type: 'Date', nullable: true })
  usedAt: Date | null = null;

  /** Set on logout or when reuse was detected. */
  @Property({ type: 'Date', nullable: true })
  revokedAt: Date | null = null;
}
