import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';

/**
 * Runs the pending migrations, all in one transaction (the ORM's `allOrNothing`), and returns their
 * names. On PostgreSQL the transaction starts with `SET LOCAL statement_timeout = 0`: the API's
 * connections stop any statement after `DB_TIMEOUT` (5 s by default), which suits requests but not a
 * migration that rebuilds an index or fills a table of a large helpdesk (the full-text backfill of
 * a million tickets takes longer). `SET LOCAL` ends with the transaction, so the pool's connections
 * keep their limit for every request after it. SQLite's writer has no statement limit.
 * @throws whatever a migration throws; nothing of the run is then kept
 */
export async function runMigrations(orm: MikroORM, dialect: 'sqlite' | 'postgresql'): Promise<string[]> {
  const migrator = orm.getMigrator();
  if (dialect !== 'postgresql') return (await migrator.up()).map((migration) => migration.name);
  const connection = (orm.em as EntityManager).getConnection();
  const applied = await connection.transactional(async (transaction) => {
    await connection.execute('set local statement_timeout = 0', [], 'run', transaction);
    return migrator.up({ transaction });
  });
  return applied.map((migration) => migration.name);
}
