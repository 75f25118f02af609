import { MikroORM } from '@mikro-orm/core';

import { Role, TicketCategory, TicketPriority, TicketStatus } from '@hd/shared/domain';

import { createOrmOptions } from '../config/mikro-orm.options';
import { User } from '../users/user.entity';
import { Ticket } from './ticket.entity';

describe('Ticket entity', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    const options = createOrmOptions({ dialect: 'sqlite', database: ':memory:' });
    orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
    await orm.getMigrator().up();
    const em = orm.em.fork();
    const customer = em.create(User, {
      email: 'c@example.com',
      name: 'C',
      role: Role.Customer,
      passwordHash: 'x',
      active: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    em.create(Ticket, {
      number: 'TICK-20261126-0001',
      subject: 'S',
      description: 'D',
      customer,
      assignee: null,
      status: TicketStatus.Open,
      category: TicketCategory.General,
      priority: TicketPriority.Urgent,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await em.flush();
  });
  afterAll(() => orm.close(true));

  it('is not rewritten when loaded and flushed unchanged (dates and priority compare equal to what was stored)', async () => {
    const em = orm.em.fork();
    const ticket = await em.findOneOrFail(Ticket, { subject: 'S' }, { populate: ['customer', 'assignee'] });
    const uow = em.getUnitOfWork();
    uow.computeChangeSets();
    expect(uow.getChangeSets().map((c) => `${c.name}: ${Object.keys(c.payload).join(', ')}`)).toEqual([]);
    expect(ticket.priority).toBe(TicketPriority.Urgent);
  });

  it('stores the priority as its rank so sorting by priority is numeric', async () => {
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ priority: number }>>('select priority from tickets');
    expect(rows).toEqual([{ priority: 3 }]);
  });
});
