import { EventArgs, EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { Role } from '@hd/shared/domain';

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
 */
@Injectable()
export class ActiveUsersCache implements EventSubscriber<User> {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly users: UsersService,
    private readonly clock: Clock,
    em: EntityManager,
    @Optional() @Inject(RedisService) private readonly redis?: RedisService,
  ) {
    em.getEventManager().registerSubscriber(this);
    this.redis?.subscribe(FORGET_CHANNEL, (id) => typeof id === 'number' && this.entries.delete(id));
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

  /** Forgets user `id` (the next request reads it again), here and, with `REDIS_URL`, on every replica. */
  forget(id: number): void {
    this.entries.delete(id);
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

  private prune(now: number): void {
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
