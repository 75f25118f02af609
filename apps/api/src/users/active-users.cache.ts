import { EventArgs, EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { Action, Role, rolesAllowedTo } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { RedisService } from '../redis/redis.service';
import { User } from './user.entity';
import { UserDeactivatedEvent, UserEvents, UserRoleChangedEvent } from './user.events';
import { UsersService } from './users.service';

/** The pub/sub channel on which replicas tell each other to forget a user (the message is the user id). */
const FORGET_CHANNEL = 'helpdesk:forget-user';

/** How long an active user's id, role, name and e-mail are reused without reading the database, in ms. */
export const ACTIVE_USER_TTL_MS = 5000;

/** What every authenticated request needs of its user: a plain snapshot, not a managed entity. */
export interface ActiveUser {
  id: number;
  role: Role;
  name: string;
  email: string;
}

/**
 * An active member of staff (a role that works the queue) as notifications need them: who they
 * are, where their e-mail goes and whether they take e-mail at all.
 */
export interface ActiveStaffMember extends ActiveUser {
  active: true;
  emailNotifications: boolean;
}

interface Entry {
  /** The lookup, shared by the requests that arrive while it runs; null: no such active user. */
  user: Promise<ActiveUser | null>;
  /** When the entry stops being used, in ms since the epoch. */
  expiresAt: number;
}

/**
 * The active users that authenticated requests name, kept for {@link ACTIVE_USER_TTL_MS} so that a
 * request does not read its user before its own work (the access token check is on every request).
 *
 * An entry is dropped as soon as this process flushes a change to that user (deactivation, role,
 * names, e-mail: a MikroORM subscriber on `User`, and again on the committed `user.deactivated` and
 * `user.role_changed` events), so such a change takes effect at the next request.
 * With `REDIS_URL`, each such change is also published over Redis pub/sub and every replica forgets
 * that user too; without it (or while Redis is down) a change written by another API process is
 * seen within the TTL. Concurrent misses for one user share a single query.
 *
 * It also keeps the list of active staff (see {@link staff}) on the same terms: any change to any
 * user drops it.
 */
@Injectable()
export class ActiveUsersCache implements EventSubscriber<User> {
  private readonly entries = new Map<number, Entry>();
  private staffEntry: { staff: Promise<ActiveStaffMember[]>; expiresAt: number } | null = null;
  /** Whether reads outside a transaction have connections of their own (MikroORM read replicas). */
  private readonly hasReadConnections: boolean;

  constructor(
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly em: EntityManager,
    @Optional() @Inject(RedisService) private readonly redis?: RedisService,
  ) {
    em.getEventManager().registerSubscriber(this);
    this.hasReadConnections = (em.config.get('replicas') ?? []).length > 0;
    this.redis?.subscribe(FORGET_CHANNEL, (id) => typeof id === 'number' && this.drop(id));
  }

  /**
   * The active user `id`, from the cache or the database (needs a MikroORM request context on a miss).
   * @param options.fresh read the database even when the cache holds the user (and keep what it says)
   * @returns null when there is no such user or they were deactivated
   */
  get(id: number, options: { fresh?: boolean } = {}): Promise<ActiveUser | null> {
    const now = this.clock.now().getTime();
    const cached = this.entries.get(id);
    if (cached && cached.expiresAt > now && !options.fresh) return cached.user;
    const user = this.users
      .findActive(id)
      .then((found) => found && { id: found.id, role: found.role, name: found.name, email: found.email });
    const entry = { user, expiresAt: now + ACTIVE_USER_TTL_MS };
    this.entries.set(id, entry);
    // A failed lookup (database trouble) is not kept: the next request asks again.
    user.catch(() => this.entries.get(id) === entry && this.entries.delete(id));
    if (this.entries.size > 10_000) this.prune(now);
    return user;
  }

  /**
   * Every active user whose role works the queue (agents and admins), by id, from the cache or, at
   * most once per {@link ACTIVE_USER_TTL_MS}, from the database: on a read connection of its own
   * where the database has them (SQLite on a file), so that a caller inside a write transaction
   * (the notifications of a new ticket) does not hold the one SQLite writer for it; otherwise
   * (PostgreSQL, in-memory SQLite) through `within`, the caller's own connection, never a second
   * connection that a pool full of such transactions could not give.
   * @param within the caller's EntityManager (its transaction, if any)
   */
  staff(within: EntityManager): Promise<readonly ActiveStaffMember[]> {
    const now = this.clock.now().getTime();
    if (this.staffEntry && this.staffEntry.expiresAt > now) return this.staffEntry.staff;
    const reader = this.hasReadConnections ? this.em.fork() : within;
    const staff = reader
      .find(
        User,
        { active: true, role: { $in: rolesAllowedTo(Action.WorkQueue) } },
        { orderBy: { id: 'asc' } },
      )
      .then((users) =>
        users.map(({ id, role, name, email, emailNotifications }) => ({
          id,
          role,
          name,
          email,
          emailNotifications,
          active: true as const,
        })),
      );
    const entry = { staff, expiresAt: now + ACTIVE_USER_TTL_MS };
    this.staffEntry = entry;
    staff.catch(() => this.staffEntry === entry && (this.staffEntry = null));
    return staff;
  }

  /** Forgets user `id` (the next request reads it again), here and, with `REDIS_URL`, on every replica. */
  forget(id: number): void {
    this.drop(id);
    void this.redis?.publish(FORGET_CHANNEL, id);
  }

  /**
   * Deactivation and role changes are committed in a transaction whose flush ran before the commit:
   * forgetting again once committed drops what a request read in between.
   */
  @OnEvent(UserEvents.Deactivated)
  @OnEvent(UserEvents.RoleChanged)
  onAccountChanged(event: UserDeactivatedEvent | UserRoleChangedEvent): void {
    this.forget(event.userId);
  }

  /** @internal MikroORM: which entities this subscriber hears about. */
  getSubscribedEntities(): Array<typeof User> {
    return [User];
  }

  /** @internal MikroORM: a user row was updated. */
  afterUpdate(args: EventArgs<User>): void {
    this.forget(args.entity.id);
  }

  /** @internal MikroORM: a user row was deleted. */
  afterDelete(args: EventArgs<User>): void {
    this.forget(args.entity.id);
  }

  /** @internal MikroORM: a flush that may have changed users through a bulk update. */
  afterFlush(args: FlushEventArgs): void {
    for (const change of args.uow.getChangeSets()) {
      if (change.entity instanceof User) this.forget(change.entity.id);
    }
  }

  /** Forgets user `id` and the staff list in this process. */
  private drop(id: number): void {
    this.entries.delete(id);
    this.staffEntry = null;
  }

  private prune(now: number): void {
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
