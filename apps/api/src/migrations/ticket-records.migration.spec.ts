import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';

import { createOrmOptions } from '../config/mikro-orm.options';
import { withScratchPostgres } from '../testing/test-database';

/** Tickets as they were before numbers: created on two UTC days, out of id order within a day. */
const OLD_TICKETS = [
  { createdAt: '2026-11-20T23:59:59.000Z', category: 'billing' },
  { createdAt: '2026-11-20T08:00:00.000Z', category: 'general' },
  { createdAt: '2026-11-21T00:00:00.000Z', category: 'feature_request' },
  { createdAt: '2026-11-20T12:00:00.000Z', category: 'technical' },
];

/**
 * Migrates to just before the ticket records, stores {@link OLD_TICKETS}, runs the migration and
 * reads back what it made of them, then opens one more ticket on the first day the way the API does.
 */
async function backfill(dialect: 'sqlite' | 'postgresql', database: string) {
  const options = createOrmOptions({ dialect, database });
  const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
  try {
    const migrator = orm.getMigrator();
    await migrator.up({ to: 'Migration20261126000000_users_admin' });
    const connection = (orm.em as EntityManager).getConnection();
    await connection.execute(
      'insert into users (email, first_name, last_name, role, password_hash, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
      ['c@example.com', 'Casey', 'Customer', 'customer', 'x', true, new Date(), new Date()],
    );
    for (const ticket of OLD_TICKETS) {
      const at = new Date(ticket.createdAt);
      await connection.execute(
        'insert into tickets (subject, description, status, priority, category, customer_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
        ['S', 'D', 'open', 1, ticket.category, 1, at, at],
      );
    }
    await migrator.up();
    const tickets = await connection.execute('select number, category from tickets order by id');
    const next = await connection.execute(
      "insert into ticket_number_sequences (day, last) values ('20261120', 1) on conflict (day) do update set last = ticket_number_sequences.last + 1 returning last",
    );
    const history = await connection.execute("select count(*) as n from ticket_history where type = 'created'");
    const categories = await connection.execute('select slug from categories order by position');
    return { tickets, next: Number(next[0].last), created: Number(history[0].n), categories };
  } finally {
    await orm.close(true);
  }
}

const EXPECTED = {
  tickets: [
    { number: 'TICK-20261120-0003', category: 'billing' },
    { number: 'TICK-20261120-0001', category: 'general' },
    { number: 'TICK-20261121-0001', category: 'feature_request' },
    { number: 'TICK-20261120-0002', category: 'technical' },
  ],
  next: 4,
  created: 4,
  categories: ['general', 'technical', 'billing', 'account', 'feature_request'].map((slug) => ({ slug })),
};

describe('Migration20261126100000_ticket_records', () => {
  it('numbers existing tickets per UTC day in creation order, keeps their categories, and continues the sequence (SQLite)', async () => {
    expect(await backfill('sqlite', ':memory:')).toEqual(EXPECTED);
  });

  const pgUrl = process.env['PG_TEST_URL'];
  (pgUrl ? it : it.skip)('does the same on PostgreSQL (PG_TEST_URL)', async () => {
    await withScratchPostgres(pgUrl as string, 'ticket_records', async (url) => {
      expect(await backfill('postgresql', url)).toEqual(EXPECTED);
    });
  });
});
