import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { User } from '../users/user.entity';

/**
 * A personal API token (`Authorization: Bearer hd_...`) for integrations: acts as its owner, within
 * its scopes. Only a SHA-256 hash of the token is stored (it carries 256 random bits, so a fast hash
 * is enough); revoking deletes the row.
 */
@Entity({ tableName: 'api_tokens' })
@Index({ name: 'api_tokens_user_id_index', properties: ['user'] })
export class ApiToken {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'string', length: 100 })
  name!: string;

  /** The token's first 10 characters (`hd_` and 7 more), to recognise it in lists. */
  @Property({ type: 'string', length: 10 })
  prefix!: string;

  /** Hex SHA-256 of the token. */
  @Property({ type: 'string', length: 64, unique: 'api_tokens_token_hash_unique' })
  tokenHash!: string;

  /** The scopes, comma-separated. */
  @Property({ type: 'string', length: 200 })
  scopes!: string;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date', nullable: true })
  expiresAt: Date | null = null;

  /** Updated at most once a minute per token. */
  @Property({ type: 'Date', nullable: true })
  lastUsedAt: Date | null = null;
}
