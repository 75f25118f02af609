import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';

import {
  AutomaticTrigger,
  NotificationResponse,
  Role,
  TicketCategory,
  TicketPriority,
  TicketStatus,
} from '@hd/shared/domain';

import { FakeClock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { createOrmOptions } from '../config/mikro-orm.options';
import { Ticket } from '../tickets/ticket.entity';
import { ActiveUsersCache } from '../users/active-users.cache';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Notification } from './notification.entity';
import { NotificationsGateway } from './notifications.gateway';
import { NotificationsListener } from './notifications.listener';
import { OutboxMessage } from './outbox-message.entity';

/** Records what would go out over socket.io (the network edge). */
class RecordingGateway {
  readonly notifications: Array<{ userId: number; notification: NotificationResponse }> = [];
  readonly tickets: Array<{ id: number; customersToo: boolean }> = [];

  pushNotification(userId: number, notification: NotificationResponse): void {
    this.notifications.push({ userId, notification });
  }

  pushTicket(ticket: Ticket, customersToo: boolean): void {
    this.tickets.push({ id: ticket.id, customersToo });
  }
}

describe('NotificationsListener', () => {
  let orm: MikroORM;
  let gateway: RecordingGateway;
  let listener: NotificationsListener;
  let ticketId: number;
  let agentId: number;
  let clock: FakeClock;
  let dir: string;
  let activeUsers: ActiveUsersCache;

  beforeEach(async () => {
    // A file, as in production: reads outside a transaction then have connections of their own.
    dir = mkdtempSync(join(tmpdir(), 'notifications-listener-'));
    const options = createOrmOptions({ dialect: 'sqlite', database: join(dir, 'db.sqlite') });
    orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
    await orm.getMigrator().up();
    gateway = new RecordingGateway();
    clock = new FakeClock(new Date('2026-11-27T10:00:00.000Z'));
    listener = new NotificationsListener(
      orm,
      orm.em as EntityManager,
      gateway as unknown as NotificationsGateway,
      clock,
      {
        appUrl: 'http://localhost:3000',
      } as AppConfig,
      (activeUsers = new ActiveUsersCache(
        new UsersService(orm.em as EntityManager),
        clock,
        orm.em as EntityManager,
      )),
    );
    listener.onModuleInit();
    const em = orm.em.fork();
    const now = new Date();
    const user = (email: string, role: Role) =>
      em.create(User, {
        email,
        name: email,
        role,
        passwordHash: 'x',
        active: true,
        createdAt: now,
        updatedAt: now,
      });
    const customer = user('c@example.com', Role.Customer);
    const agent = user('a@example.com', Role.Agent);
    const ticket = em.create(Ticket, {
      number: 'TICK-20261126-0001',
      subject: 'S',
      description: 'D',
      status: TicketStatus.Open,
      priority: TicketPriority.Medium,
      category: TicketCategory.General,
      customer,
      assignee: agent,
      createdAt: now,
      updatedAt: now,
    });
    await em.flush();
    ticketId = ticket.id;
    agentId = agent.id;
  });
  afterEach(async () => {
    await orm.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The status change an agent makes, flushed on `em`. */
  const changeStatusOn = async (em: EntityManager, extra?: (em: EntityManager) => void) => {
    const ticket = await em.findOneOrFail(Ticket, ticketId, { populate: ['customer', 'assignee'] });
    ticket.status = TicketStatus.InProgress;
    listener.onStatusChanged({
      ticket,
      actor: { id: agentId, role: Role.Agent, name: 'Agent', email: 'a@example.com' },
      from: TicketStatus.Open,
      to: TicketStatus.InProgress,
    });
    extra?.(em);
    await em.flush();
  };

  const changeStatus = (extra?: (em: EntityManager) => void) =>
    RequestContext.create(orm.em, () => changeStatusOn(orm.em.getContext() as EntityManager, extra));

  it('writes the notification and the e-mail in the flush of the change, and pushes them after it', async () => {
    await changeStatus();
    const em = orm.em.fork();
    const rows = await em.find(Notification, {}, { populate: ['user'] });
    expect(rows.map((n) => [n.user.email, n.type])).toEqual([['c@example.com', 'ticket.status_changed']]);
    expect(rows[0].createdAt).toEqual(clock.now());
    expect(await em.count(OutboxMessage, { to: 'c@example.com' })).toBe(1);
    expect(gateway.notifications).toEqual([
      { userId: rows[0].user.id, notification: expect.objectContaining({ id: rows[0].id, read: false }) },
    ]);
    expect(gateway.tickets).toEqual([{ id: ticketId, customersToo: true }]);
  });

  it('tells a quiet move (an auto-close long overdue) in-app only, without e-mail', async () => {
    await RequestContext.create(orm.em, async () => {
      const em = orm.em.getContext() as EntityManager;
      const ticket = await em.findOneOrFail(Ticket, ticketId, { populate: ['customer', 'assignee'] });
      ticket.status = TicketStatus.Closed;
      listener.onStatusChanged({
        ticket,
        actor: null,
        from: TicketStatus.Resolved,
        to: TicketStatus.Closed,
        automatic: AutomaticTrigger.AutoClose,
        quiet: true,
      });
      await em.flush();
    });
    const em = orm.em.fork();
    const rows = await em.find(Notification, {}, { populate: ['user'], orderBy: { id: 'asc' } });
    // The customer and the assignee (the helpdesk moved it, not the agent), in-app.
    expect(rows.map((n) => [n.user.email, n.type])).toEqual([
      ['c@example.com', 'ticket.status_changed'],
      ['a@example.com', 'ticket.status_changed'],
    ]);
    expect(await em.count(OutboxMessage, {})).toBe(0);
  });

  it('writes and pushes nothing when the flush of the change fails', async () => {
    const duplicate = (em: EntityManager) =>
      em.create(User, {
        email: 'c@example.com',
        name: 'dup',
        role: Role.Customer,
        passwordHash: 'x',
        active: true,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    await expect(changeStatus(duplicate)).rejects.toThrow(/UNIQUE/);
    const em = orm.em.fork();
    expect(await em.count(Notification)).toBe(0);
    expect(await em.count(OutboxMessage)).toBe(0);
    expect((await em.findOneOrFail(Ticket, ticketId)).status).toBe(TicketStatus.Open);
    expect(gateway.notifications).toEqual([]);
    expect(gateway.tickets).toEqual([]);
  });

  it('inside a transaction, pushes once it has committed, not when its flush is done', async () => {
    let pushedBeforeCommit = -1;
    await RequestContext.create(orm.em, () =>
      orm.em.transactional(async (em) => {
        await changeStatusOn(em as EntityManager);
        pushedBeforeCommit = gateway.notifications.length + gateway.tickets.length;
      }),
    );
    expect(pushedBeforeCommit).toBe(0);
    expect(gateway.notifications).toHaveLength(1);
    expect(gateway.tickets).toEqual([{ id: ticketId, customersToo: true }]);
  });

  it('pushes nothing when the transaction rolls back after the flush of the change', async () => {
    await expect(
      RequestContext.create(orm.em, () =>
        orm.em.transactional(async (em) => {
          await changeStatusOn(em as EntityManager);
          throw new Error('a later step failed');
        }),
      ),
    ).rejects.toThrow('a later step failed');
    const em = orm.em.fork();
    expect(await em.count(Notification)).toBe(0);
    expect((await em.findOneOrFail(Ticket, ticketId)).status).toBe(TicketStatus.Open);
    expect(gateway.notifications).toEqual([]);
    expect(gateway.tickets).toEqual([]);
  });

  describe('a new ticket', () => {
    /** Opens a ticket as the customer in one transaction, as the tickets service does. */
    const openTicket = (subject: string) =>
      RequestContext.create(orm.em, () =>
        orm.em.transactional(async (em) => {
          const customer = await em.findOneOrFail(User, { email: 'c@example.com' });
          const ticket = em.create(Ticket, {
            number: `TICK-20261127-${subject}`,
            subject,
            description: 'D',
            status: TicketStatus.Open,
            priority: TicketPriority.Medium,
            category: TicketCategory.General,
            customer,
            assignee: null,
            createdAt: clock.now(),
            updatedAt: clock.now(),
          });
          listener.onCreated({
            ticket,
            actor: { id: customer.id, role: Role.Customer, name: customer.name, email: customer.email },
          });
          await em.flush();
        }),
      );
    /** Who was told of the ticket with this subject, by e-mail address. */
    const toldOf = async (subject: string) =>
      (await orm.em.fork().find(Notification, { ticket: { subject } }, { populate: ['user'] }))
        .map((notification) => notification.user.email)
        .sort();

    it('is told to every active member of staff, in-app; the list follows new and deactivated agents at once', async () => {
      await openTicket('0001');
      expect(await toldOf('0001')).toEqual(['a@example.com']);
      expect(await orm.em.fork().count(OutboxMessage, { to: 'a@example.com' })).toBe(0);

      const em = orm.em.fork();
      em.create(User, {
        email: 'b@example.com',
        name: 'B',
        role: Role.Admin,
        passwordHash: 'x',
        active: true,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
      await em.flush();
      await openTicket('0002');
      expect(await toldOf('0002')).toEqual(['a@example.com', 'b@example.com']);

      (await em.findOneOrFail(User, agentId)).active = false;
      await em.flush();
      await openTicket('0003');
      expect(await toldOf('0003')).toEqual(['b@example.com']);
      // What their e-mail would greet them with (SLA alerts to all staff are e-mailed).
      expect(await activeUsers.staff(orm.em.fork() as EntityManager)).toEqual([
        {
          id: expect.any(Number),
          role: Role.Admin,
          name: 'B',
          email: 'b@example.com',
          emailNotifications: true,
          active: true,
        },
      ]);
      expect(gateway.notifications.map(({ notification }) => notification.type)).toEqual([
        'ticket.created',
        'ticket.created',
        'ticket.created',
        'ticket.created',
      ]);
    });
  });
});
