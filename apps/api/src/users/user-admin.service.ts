import { randomBytes } from 'node:crypto';

import { FilterQuery, LockMode, UniqueConstraintViolationException, sql } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import {
  Action,
  AVAILABLE_BY_DEFAULT,
  AdminUserResponse,
  AuditAction,
  can,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  Role,
  rolesAllowedTo,
  TicketStatus,
  UserPageResponse,
} from '@hd/shared/domain';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from '@hd/shared/dto';

import { changedFields, AuditService } from '../audit/audit.service';
import { passwordLink, renderInvitationEmail } from '../auth/auth-mail.content';
import { PasswordService } from '../auth/password.service';
import { PasswordTokensService } from '../auth/password-tokens.service';
import { TokensService } from '../auth/tokens.service';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from './user.entity';
import { UserDeactivatedEvent, UserEvents, UserRoleChangedEvent } from './user.events';
import { toAdminUserResponse, toUserResponse } from './user.mapper';

/** Ticket statuses in which the work is done: such tickets do not count as open assigned tickets. */
const FINISHED_STATUSES = [TicketStatus.Resolved, TicketStatus.Closed];

function emailTaken(): ConflictException {
  return new ConflictException({
    message: 'An account with this e-mail already exists',
    code: ErrorCode.EmailTaken,
    errors: { email: ['An account with this e-mail already exists'] },
  });
}

function notFound(id: number): NotFoundException {
  return new NotFoundException({ message: `User ${id} not found`, code: ErrorCode.NotFound });
}

/** What a change of a user does to their standing, as {@link UserAdminService.update} applies it. */
interface UserChange {
  roleChanged: boolean;
  deactivated: boolean;
  reactivated: boolean;
}

/**
 * User administration (admins, `Action.ManageUsers`) and the staff list (agents, `Action.ListUsers`):
 * list, create (with a password or an e-mailed invitation), read and change users, each admin
 * action written to the audit log in the same transaction. Users are never deleted (tickets keep
 * their author): deactivation ends their sessions at once and leaves their tickets assigned.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly passwords: PasswordService,
    private readonly passwordTokens: PasswordTokensService,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A page of users by first name, last name and id. Whoever may manage users sees everyone
   * (filtered as asked); anyone else who may list users (agents) sees only the active users who can
   * be assigned tickets, whatever they ask, narrowed by their filters. `role=agent` means everyone
   * who can be assigned (agents and admins), as the assignee picker always asked.
   */
  async list(query: ListUsersQueryDto, caller: AuthUser): Promise<UserPageResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const assignable = rolesAllowedTo(Action.BeAssigned);
    const where: FilterQuery<User>[] = [];
    if (!can(caller.role, Action.ManageUsers)) where.push({ role: { $in: assignable }, active: true });
    if (query.role) where.push({ role: { $in: query.role === Role.Agent ? assignable : [query.role] } });
    if (query.active !== undefined) where.push({ active: query.active });
    if (query.q) where.push({ $or: [this.contains('name', query.q), this.contains('email', query.q)] });
    const [users, total] = await this.em.findAndCount(User, where.length ? { $and: where } : {}, {
      orderBy: { firstName: 'asc', lastName: 'asc', id: 'asc' },
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: users.map(toUserResponse), total, page, pageSize };
  }

  /** User `id` as an admin manages them. @throws NotFoundException 404 for an unknown user */
  async get(id: number): Promise<AdminUserResponse> {
    const user = await this.em.findOne(User, id);
    if (!user) throw notFound(id);
    return toAdminUserResponse(user, await this.openAssignedTickets(user.id));
  }

  /**
   * Creates an active user (available for automatic assignment if an agent). With `password`, they can log in at once; without, they are e-mailed an
   * invitation link (`APP_URL/auth/reset?token=...&invite=1`, 72 hours, single use) to choose one,
   * and until then no password works for them. The user, the `user.created` audit entry, the token
   * and the e-mail commit in one transaction.
   * @throws ConflictException 409 `EMAIL_TAKEN` when the e-mail belongs to an account already (in any case)
   */
  async create(dto: CreateUserDto, actor: AuthUser): Promise<AdminUserResponse> {
    if (await this.findByEmail(dto.email)) throw emailTaken();
    const invite = dto.password === undefined;
    // An invited user gets a hash of 256 random bits nobody knows: no password works until they choose one.
    const passwordHash = await this.passwords.hash(dto.password ?? randomBytes(32).toString('base64url'));
    try {
      const user = await this.em.transactional(async () => {
        const now = this.clock.now();
        const created = this.em.create(User, {
          email: dto.email,
          firstName: dto.firstName,
          lastName: dto.lastName,
          role: dto.role,
          passwordHash,
          active: true,
          available: AVAILABLE_BY_DEFAULT[dto.role],
          createdAt: now,
          updatedAt: now,
        });
        await this.em.flush(); // the audit entry names the new id
        this.audit.record({
          actor,
          action: AuditAction.UserCreated,
          target: { type: 'user', id: created.id },
          changes: changedFields(
            {},
            {
              email: created.email,
              firstName: created.firstName,
              lastName: created.lastName,
              role: created.role,
              active: true,
            },
          ),
        });
        if (invite) {
          const token = this.passwordTokens.issue(created, 'invite');
          const link = passwordLink(this.config.appUrl, token, true);
          const mail = renderInvitationEmail(created.name, actor.name, link);
          this.em.create(OutboxMessage, {
            to: created.email,
            ...mail,
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
          });
        }
        return created;
      });
      return toAdminUserResponse(user, 0);
    } catch (error) {
      // Two creations of one e-mail at once: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw emailTaken();
      throw error;
    }
  }

  /**
   * Changes a user's names, e-mail, role or status (omitted fields stay). Each kind of change is
   * its own audit entry: `user.updated` (names, e-mail), `user.role_changed`, `user.deactivated`,
   * `user.reactivated`. Deactivating ends the user's sessions at once: refresh tokens and pending
   * password links are revoked, access tokens are refused from the next request, and open sockets
   * are closed once committed. Their tickets stay assigned (see `openAssignedTickets`). A role
   * change takes effect on the user's next request; their sockets are closed so that they
   * reconnect under the new role. It also resets their availability for automatic assignment to
   * the new role's default (`AVAILABLE_BY_DEFAULT`: agents available, admins not).
   * @throws NotFoundException 404 for an unknown user
   * @throws ConflictException 409 `LAST_ADMIN` when no other active user could manage users afterwards
   * @throws ConflictException 409 `SELF_DEMOTION` when an admin changes their own role or deactivates themself
   * @throws ConflictException 409 `EMAIL_TAKEN` when another account has the new e-mail
   */
  async update(id: number, dto: UpdateUserDto, actor: AuthUser): Promise<AdminUserResponse> {
    let change: UserChange = { roleChanged: false, deactivated: false, reactivated: false };
    let previousRole: Role = Role.Customer;
    let user: User;
    try {
      user = await this.em.transactional(async () => {
        const found = await this.em.findOne(User, id);
        if (!found) throw notFound(id);
        previousRole = found.role;
        change = {
          roleChanged: dto.role !== undefined && dto.role !== found.role,
          deactivated: dto.active === false && found.active,
          reactivated: dto.active === true && !found.active,
        };
        await this.assertAllowedChange(found, dto, change, actor);
        if (dto.email !== undefined && dto.email !== found.email && (await this.findByEmail(dto.email))) {
          throw emailTaken();
        }
        this.apply(found, dto, change, actor);
        await this.em.flush();
        if (change.deactivated) {
          await this.tokens.revokeAll(found.id);
          await this.passwordTokens.voidAll(found.id);
        }
        return found;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw emailTaken();
      throw error;
    }
    // Committed: now close the sockets (a reconnection is checked against the new state).
    if (change.deactivated) {
      const event: UserDeactivatedEvent = { userId: user.id };
      this.events.emit(UserEvents.Deactivated, event);
    } else if (change.roleChanged) {
      const event: UserRoleChangedEvent = { userId: user.id, from: previousRole, to: user.role };
      this.events.emit(UserEvents.RoleChanged, event);
    }
    return toAdminUserResponse(user, await this.openAssignedTickets(user.id));
  }

  /**
   * The rules of a change of role or status: someone must remain who can manage users (checked
   * first, so the only admin demoting themself hears why), and an admin may not demote or
   * deactivate themself (another admin must).
   */
  private async assertAllowedChange(
    user: User,
    dto: UpdateUserDto,
    change: UserChange,
    actor: AuthUser,
  ): Promise<void> {
    const losesManagement =
      user.active &&
      can(user.role, Action.ManageUsers) &&
      (change.deactivated || (change.roleChanged && !can(dto.role as Role, Action.ManageUsers)));
    if (losesManagement && (await this.otherActiveManagers(user.id)) === 0) {
      throw new ConflictException({
        message: 'This is the last active admin: make someone else an admin first',
        code: ErrorCode.LastAdmin,
      });
    }
    if (user.id === actor.id && (change.roleChanged || change.deactivated)) {
      throw new ConflictException({
        message: 'Admins cannot change their own role or deactivate themselves; ask another admin',
        code: ErrorCode.SelfDemotion,
      });
    }
  }

  /** Applies `dto` to `user` and records one audit entry per kind of change. */
  private apply(user: User, dto: UpdateUserDto, change: UserChange, actor: AuthUser): void {
    const target = { type: 'user' as const, id: user.id };
    const details = changedFields(
      { firstName: user.firstName, lastName: user.lastName, email: user.email },
      { firstName: dto.firstName, lastName: dto.lastName, email: dto.email },
    );
    if (Object.keys(details).length) {
      if (dto.firstName !== undefined) user.firstName = dto.firstName;
      if (dto.lastName !== undefined) user.lastName = dto.lastName;
      if (dto.email !== undefined) user.email = dto.email;
      this.audit.record({ actor, action: AuditAction.UserUpdated, target, changes: details });
    }
    if (change.roleChanged && dto.role !== undefined) {
      this.audit.record({
        actor,
        action: AuditAction.UserRoleChanged,
        target,
        changes: { role: { from: user.role, to: dto.role } },
      });
      user.role = dto.role;
      user.available = AVAILABLE_BY_DEFAULT[dto.role];
    }
    if (change.deactivated || change.reactivated) {
      this.audit.record({
        actor,
        action: change.deactivated ? AuditAction.UserDeactivated : AuditAction.UserReactivated,
        target,
        changes: { active: { from: user.active, to: !user.active } },
      });
      user.active = !user.active;
    }
  }

  /**
   * How many active users other than `userId` may manage users. On PostgreSQL their rows are
   * locked until the transaction ends, so two admins demoting each other at once cannot both
   * succeed; SQLite runs one write transaction at a time anyway.
   */
  private async otherActiveManagers(userId: number): Promise<number> {
    const managers = await this.em.find(
      User,
      { role: { $in: rolesAllowedTo(Action.ManageUsers) }, active: true },
      this.config.dialect === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    return managers.filter((manager) => manager.id !== userId).length;
  }

  /** Tickets assigned to `userId` that are neither resolved nor closed (deleted ones do not count). */
  private openAssignedTickets(userId: number): Promise<number> {
    return this.em.count(Ticket, { assignee: userId, status: { $nin: FINISHED_STATUSES } });
  }

  private findByEmail(email: string): Promise<User | null> {
    return this.em.findOne(User, { email });
  }

  /** Case-insensitive substring match on the full name or the e-mail, `%` and `_` taken literally. */
  private contains(field: 'name' | 'email', text: string): FilterQuery<User> {
    const needle = text.toLowerCase();
    const sqlite = this.config.dialect === 'sqlite';
    const first = sql.ref('first_name');
    const last = sql.ref('last_name');
    const email = sql.ref('email');
    let position;
    if (field === 'email') {
      position = sqlite ? sql`instr(lower(${email}), ${needle})` : sql`strpos(lower(${email}), ${needle})`;
    } else {
      position = sqlite
        ? sql`instr(lower(${first} || ' ' || ${last}), ${needle})`
        : sql`strpos(lower(${first} || ' ' || ${last}), ${needle})`;
    }
    return { [position]: { $gt: 0 } } as FilterQuery<User>;
  }
}
