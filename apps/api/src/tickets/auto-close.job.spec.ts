import 'reflect-metadata';

import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { AutomaticTrigger, Role, TicketCategory, TicketPriority, TicketStatus } from '@hd/shared/domain';

import { FakeClock } from '../common/clock';
import { createOrmOptions } from '../config/mikro-orm.options';
import { SettingsService } from '../settings/settings.service';
import { Setting } from '../settings/setting.entity';
import { createTestUser, testConfig } from '../testing/test-database';
import { AUTO_CLOSE_BATCH_SIZE, AutoCloseJob } from './auto-close.job';
import { TicketStatusChangedEvent, TicketEvents } from './ticket.events';
import { Ticket } from './ticket.entity';
import { TicketsService } from './tickets.service';

const NOW = new Date('2026-12-10T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60_000;

describe('AutoCloseJob', () => {
  let orm: MikroORM;
  let job: AutoCloseJob;
  let moves: TicketStatusChangedEvent[];

  beforeEach(async () => {
    const options = createOrmOptions({ dialect: 'sqlite', database: ':memory:' });
    orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
    await orm.getMigrator().up();
    const em = orm.em as EntityManager;
    const clock = new FakeClock(NOW);
    const events = new EventEmitter2();
    moves = [];
    events.on(TicketEvents.StatusChanged, (event: TicketStatusChangedEvent) => moves.push(event));
    // moveTo() needs only the clock and the events; the other collaborators serve other methods.
    const tickets = new TicketsService(
      em,
      events,
      null as never,
      null as never,
      clock,
      null as never,
      testConfig(),
      null as never,
    );
    const settings = new SettingsService(em, null as never, clock, events);
    job = new AutoCloseJob(null as never, em, settings, tickets);
  });
  afterEach(() => orm.close(true));

  /** Inserts `count` tickets with `status`, resolved `daysAgo` days before NOW (null: never resolved). */
  async function tickets(count: number, status: TicketStatus, daysAgo: number | null): Promise<number[]> {
    const em = orm.em.fork();
    const customer = await createTestUser(em as EntityManager, {
      email: `c${Math.random()}@example.com`,
      firstName: 'Casey',
      lastName: 'Customer',
      role: Role.Customer,
    });
    const created = Array.from({ length: count }, () =>
      em.create(Ticket, {
        number: `TICK-${Math.random()}`,
        subject: 'S',
        description: 'D',
        status,
        priority: TicketPriority.Medium,
        category: TicketCategory.General,
        customer,
        createdAt: new Date(NOW.getTime() - 30 * DAY_MS),
        updatedAt: new Date(NOW.getTime() - 30 * DAY_MS),
        resolvedAt: daysAgo === null ? null : new Date(NOW.getTime() - daysAgo * DAY_MS),
      }),
    );
    await em.flush();
    return created.map((ticket) => ticket.id);
  }

  async function statuses(ids: number[]): Promise<Set<string>> {
    const found = await orm.em.fork().find(Ticket, { id: { $in: ids } });
    return new Set(found.map((ticket) => ticket.status));
  }

  it('closes, batch after batch, every ticket resolved more than the set days ago, and only those', async () => {
    const old = await tickets(AUTO_CLOSE_BATCH_SIZE * 2 + 50, TicketStatus.Resolved, 8);
    const recent = await tickets(3, TicketStatus.Resolved, 6);
    const working = await tickets(2, TicketStatus.InProgress, null);

    expect(await job.run(NOW)).toBe(old.length);

    expect(await statuses(old)).toEqual(new Set([TicketStatus.Closed]));
    expect(await statuses(recent)).toEqual(new Set([TicketStatus.Resolved]));
    expect(await statuses(working)).toEqual(new Set([TicketStatus.InProgress]));
    const closed = await orm.em.fork().findOneOrFail(Ticket, old[0]);
    expect(closed.closedAt).toEqual(NOW);
    expect(moves).toHaveLength(old.length);
    expect(moves[0]).toMatchObject({
      actor: null,
      from: TicketStatus.Resolved,
      to: TicketStatus.Closed,
      automatic: AutomaticTrigger.AutoClose,
    });
    // A day late at most: told by e-mail too.
    expect(moves[0].quiet).toBeUndefined();
    expect(await job.run(NOW)).toBe(0);
  });

  it('closes tickets more than a day past their due time quietly (no e-mail), the others not', async () => {
    // Auto-close turned on over old tickets: the customers are not e-mailed about last month's.
    const due = await tickets(2, TicketStatus.Resolved, 7.5);
    const late = await tickets(2, TicketStatus.Resolved, 8.5);
    const old = await tickets(2, TicketStatus.Resolved, 40);
    expect(await job.run(NOW)).toBe(6);
    const quiet = new Map(moves.map((move) => [move.ticket.id, move.quiet ?? false]));
    expect([...due, ...late, ...old].map((id) => quiet.get(id))).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('stops after the batch under way when the process shuts down; the next run closes the rest', async () => {
    const old = await tickets(AUTO_CLOSE_BATCH_SIZE * 2 + 50, TicketStatus.Resolved, 8);
    const stopping = new AbortController();
    stopping.abort();
    expect(await job.run(NOW, stopping.signal)).toBe(AUTO_CLOSE_BATCH_SIZE);
    expect(await job.run(NOW)).toBe(old.length - AUTO_CLOSE_BATCH_SIZE);
    expect(await statuses(old)).toEqual(new Set([TicketStatus.Closed]));
  });

  it('closes nothing when auto-close is off (0 days)', async () => {
    const em = orm.em.fork();
    em.create(Setting, { key: 'autoClose', value: JSON.stringify({ resolvedAfterDays: 0 }), updatedAt: NOW });
    await em.flush();
    const old = await tickets(5, TicketStatus.Resolved, 400);
    expect(await job.run(NOW)).toBe(0);
    expect(await statuses(old)).toEqual(new Set([TicketStatus.Resolved]));
  });
});
