import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Migration } from '@mikro-orm/migrations';

import { createOrmOptions } from '../config/mikro-orm.options';
import { withScratchPostgres } from '../testing/test-database';
import { runMigrations } from './run-migrations';

/** A migration whose one statement takes 600 ms: longer than the statement limit the test sets. */
class SlowMigration extends Migration {
  override async up(): Promise<void> {
    this.addSql('select pg_sleep(0.6)');
  }
}

/** An ORM on `url` whose statements are stopped after 300 ms, with only {@link SlowMigration} to run. */
function slowOrm(url: string): Promise<MikroORM> {
  const options = createOrmOptions({ dialect: 'postgresql', database: url, dbTimeoutMs: 300 });
  return MikroORM.init({
    ...options,
    migrations: {
      ...options.migrations,
      silent: true,
      migrationsList: [{ name: 'Migration20991231000000_slow', class: SlowMigration }],
    },
  });
}

describe('runMigrations', () => {
  it('runs the pending migrations on SQLite and names them', async () => {
    const orm = await MikroORM.init(createOrmOptions({ dialect: 'sqlite', database: ':memory:' }));
    try {
      const applied = await runMigrations(orm, 'sqlite');
      expect(applied.length).toBeGreaterThan(20);
      expect(applied).toContain('Migration20261128040000_ticket_list_indexes_by_id');
      expect(await runMigrations(orm, 'sqlite')).toEqual([]);
    } finally {
      await orm.close(true);
    }
  });

  const pgUrl = process.env['PG_TEST_URL'];
  (pgUrl ? it : it.skip)(
    "lets a migration on PostgreSQL run past the requests' statement limit, which still holds after it (PG_TEST_URL)",
    async () => {
      await withScratchPostgres(pgUrl as string, 'migrate', async (url) => {
        // Run as every request's statements are, the slow migration is stopped and nothing is kept.
        const plain = await slowOrm(url);
        try {
          await expect(plain.getMigrator().up()).rejects.toThrow(/statement timeout/);
          expect(await plain.getMigrator().getPendingMigrations()).toHaveLength(1);
        } finally {
          await plain.close(true);
        }
        const orm = await slowOrm(url);
        try {
          expect(await runMigrations(orm, 'postgresql')).toEqual(['Migration20991231000000_slow']);
          // The limit was the migration's transaction's alone: the pool's statements keep it.
          await expect(
            (orm.em as EntityManager).getConnection().execute('select pg_sleep(0.6)'),
          ).rejects.toThrow(/statement timeout/);
        } finally {
          await orm.close(true);
        }
      });
    },
  );
});
