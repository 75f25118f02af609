import { Entity, Enum, Opt, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

import { fullName, Role, splitFullName } from '@hd/shared/domain';

/** A person who signs in: a customer, an agent or an admin. */
@Entity({ tableName: 'users' })
export class User {
  /** `name` is derived; the names may be given through it (see {@link name}). */
  [OptionalProps]?: 'name' | 'firstName' | 'lastName';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Trimmed and lower-cased, so uniqueness is case-insensitive. */
  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  /**
   * 1 to 50 characters (the DTOs check the rule of `@hd/shared/domain`'s names). The database
   * default `''` exists only because SQLite cannot add a NOT NULL column without one.
   */
  @Property({ type: 'string', length: 50, default: '' })
  firstName!: string;

  /** Like {@link firstName}; empty only for accounts registered with a single-word legacy `name`. */
  @Property({ type: 'string', length: 50, default: '' })
  lastName!: string;

  /**
   * The display name, `firstName` and `lastName` joined by a space (not stored). Setting it splits
   * a full name on its last space, as the migration and the legacy registration do.
   */
  @Property({ type: 'string', persist: false })
  get name(): string {
    return fullName(this.firstName ?? '', this.lastName ?? '');
  }

  set name(value: string) {
    if (typeof value !== 'string') return;
    const { firstName, lastName } = splitFullName(value);
    this.firstName = firstName;
    this.lastName = lastName;
  }

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

  /**
   * Agents and admins: whether automatic assignment may give them new tickets (they switch it
   * themselves). Set from `AVAILABLE_BY_DEFAULT` of `@hd/shared/domain` when the account is created
   * and when its role changes; meaningless for customers.
   */
  @Property({ type: 'boolean', default: false })
  available: Opt<boolean> = false;

  /**
   * When a ticket was last assigned to this user, by anyone or automatically: the tie-break of the
   * `least_loaded` mode (longest ago first; never before anyone). Written with a native update, so
   * it leaves `updatedAt` alone.
   */
  @Property({ type: 'Date', nullable: true })
  lastAssignedAt: Opt<Date> | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();

  @Property({ type: 'Date', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
