import { Entity, Enum, Opt, PrimaryKey, Property } from '@mikro-orm/core';

import { Role } from '@hd/shared/domain';

/** A person who signs in: a customer, an agent or an admin. */
@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Trimmed and lower-cased, so uniqueness is case-insensitive. */
  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Enum({ items: () => Role, type: 'string', length: 16 })
  role: Role = Role.Customer;

  /** bcrypt hash; never leaves the API (mappers do not read it). */
  @Property({ type: 'string', length: 100, hidden: true })
  passwordHash!: string;

  /** A deactivated user cannot log in, and their access tokens stop working. */
  @Property({ type: 'boolean' })
  active = true;

  /** Whether notifications are also sent by e-mail (in-app ones always are). */
  @Property({ type: 'boolean', default: true })
  emailNotifications: Opt<boolean> = true;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
