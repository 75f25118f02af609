import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';

import { NAME_MAX_LENGTH, splitFullName } from '@hd/shared/domain';

import { createOrmOptions } from '../config/mikro-orm.options';
import { withScratchPostgres } from '../testing/test-database';

/** Names as they may be stored before the split (trimmed by the old DTO, or not by older tools). */
const OLD_NAMES = [
  'Ada Admin',
  'Anne Marie Smith',
  'Cher',
  '  Padded  Name  ',
  "Mary-Jane O'Neil",
  '李 小龍',
  'José  Álvarez',
  `${'x'.repeat(55)} ${'y'.repeat(40)}`,
];

/** What the backfill must give: the domain's split on the last space, each part cut to 50 characters. */
const expected = OLD_NAMES.map((name) => {
  const { firstName, lastName } = splitFullName(name);
  return { first_name: firstName.slice(0, NAME_MAX_LENGTH), last_name: lastName.slice(0, NAME_MAX_LENGTH) };
});

/** Migrates to just before the split, stores {@link OLD_NAMES}, runs the split and reads the names back. */
async function backfill(dialect: 'sqlite' | 'postgresql', database: string): Promise<unknown[]> {
  const options = createOrmOptions({ dialect, database });
  const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
  try {
    const migrator = orm.getMigrator();
    await migrator.up({ to: 'Migration20261122100000_notifications' });
    const connection = (orm.em as EntityManager).getConnection();
    for (const [index, name] of OLD_NAMES.entries()) {
      await connection.execute(
        'insert into users (email, name, role, password_hash, active, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
        [`u${index}@example.com`, name, 'customer', 'x', true, new Date(), new Date()],
      );
    }
    await migrator.up({ to: 'Migration20261126000000_users_admin' });
    return await connection.execute('select first_name, last_name from users order by id');
  } finally {
    await orm.close(true);
  }
}

describe('Migration20261126000000_users_admin', () => {
  it('splits every name on its last space on SQLite, as the domain does', async () => {
    expect(await backfill('sqlite', ':memory:')).toEqual(expected);
  });

  const pgUrl = process.env['PG_TEST_URL'];
  (pgUrl ? it : it.skip)('splits every name the same way on PostgreSQL (PG_TEST_URL)', async () => {
    await withScratchPostgres(pgUrl as string, 'users_split', async (url) => {
      expect(await backfill('postgresql', url)).toEqual(expected);
    });
  });
});
