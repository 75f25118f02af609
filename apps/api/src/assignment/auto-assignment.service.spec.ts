import 'reflect-metadata';

import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { AssignmentMode, Role, TicketCategory, TicketPriority, TicketStatus } from '@hd/shared/domain';

import { FakeClock } from '../common/clock';
import { createOrmOptions } from '../config/mikro-orm.options';
import { Setting } from '../settings/setting.entity';
import { SettingsService } from '../settings/settings.service';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { AutoAssignment } from './auto-assignment.service';

const NOW = new Date('2026-12-10T12:00:00.000Z');

describe('AutoAssignment', () => {
  let orm: MikroORM;
  let auto: AutoAssignment;

  beforeEach(async () => {
    const options = createOrmOptions({ dialect: 'sqlite', database: ':memory:' });
    orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
    await orm.getMigrator().up();
    const clock = new FakeClock(NOW);
    auto = new AutoAssignment(
      new SettingsService(orm.em as EntityManager, null as never, clock, new EventEmitter2()),
    );
  });
  afterEach(() => orm.close(true));

  async function setMode(mode: AssignmentMode): Promise<void> {
    const em = orm.em.fork();
    em.create(Setting, { key: 'assignment', value: JSON.stringify({ mode }), updatedAt: NOW });
    await em.flush();
  }

  async function user(
    role: Role,
    fields: { available?: boolean; active?: boolean; lastAssignedAt?: Date } = {},
  ): Promise<User> {
    const em = orm.em.fork();
    const created = em.create(User, {
      email: `${Math.random()}@example.com`,
      firstName: 'Pat',
      lastName: role,
      role,
      passwordHash: 'x',
      active: fields.active ?? true,
      available: fields.available ?? true,
      lastAssignedAt: fields.lastAssignedAt ?? null,
      createdAt: NOW,
      updatedAt: NOW,
    });
    await em.flush();
    return created;
  }

  async function assignTickets(assignee: User, status: TicketStatus, count: number): Promise<void> {
    const em = orm.em.fork();
    const customer = await em.findOneOrFail(User, { role: Role.Customer });
    for (let i = 0; i < count; i++) {
      em.create(Ticket, {
        number: `TICK-${Math.random()}`,
        subject: 'S',
        description: 'D',
        status,
        priority: TicketPriority.Medium,
        category: TicketCategory.General,
        customer,
        assignee: em.getReference(User, assignee.id),
        createdAt: NOW,
        updatedAt: NOW,
      });
    }
    await em.flush();
  }

  const choose = async (): Promise<number | null> => {
    const mode = await auto.mode();
    return orm.em
      .fork()
      .transactional(async (em) => (await auto.choose(em as EntityManager, NOW, mode))?.id ?? null);
  };

  it('chooses nobody in manual mode, the default', async () => {
    await user(Role.Agent);
    expect(await choose()).toBeNull();
  });

  it('round robin: the available active agents and admins in turn by id, starting again after the last', async () => {
    await setMode(AssignmentMode.RoundRobin);
    await user(Role.Customer);
    const a = await user(Role.Agent);
    await user(Role.Agent, { available: false });
    const c = await user(Role.Agent);
    await user(Role.Agent, { active: false });
    const admin = await user(Role.Admin);
    await user(Role.Customer, { available: true });
    const turns = [];
    for (let i = 0; i < 7; i++) turns.push(await choose());
    expect(turns).toEqual([a.id, c.id, admin.id, a.id, c.id, admin.id, a.id]);
  });

  it('round robin: nobody when nobody is available', async () => {
    await setMode(AssignmentMode.RoundRobin);
    await user(Role.Agent, { available: false });
    expect(await choose()).toBeNull();
  });

  it('least loaded: fewest open, in-progress and reopened tickets, then assigned longest ago, then by id', async () => {
    await setMode(AssignmentMode.LeastLoaded);
    await user(Role.Customer, { available: false });
    const busy = await user(Role.Agent);
    const waiting = await user(Role.Agent, { lastAssignedAt: new Date(NOW.getTime() - 60_000) });
    const recent = await user(Role.Agent, { lastAssignedAt: new Date(NOW.getTime() - 1_000) });
    await assignTickets(busy, TicketStatus.Open, 1);
    await assignTickets(busy, TicketStatus.Reopened, 1);
    await assignTickets(waiting, TicketStatus.InProgress, 1);
    await assignTickets(waiting, TicketStatus.WaitingOnCustomer, 5);
    await assignTickets(recent, TicketStatus.InProgress, 1);
    await assignTickets(recent, TicketStatus.Resolved, 5);
    // busy 2, waiting 1, recent 1: waiting was assigned longer ago.
    expect(await choose()).toBe(waiting.id);
    await assignTickets(waiting, TicketStatus.Open, 1);
    expect(await choose()).toBe(recent.id);
    // A never-assigned agent comes before anyone assigned, at the same load.
    const fresh = await user(Role.Agent);
    await assignTickets(fresh, TicketStatus.InProgress, 1);
    expect(await choose()).toBe(fresh.id);
  });
});
