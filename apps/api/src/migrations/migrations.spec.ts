import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';

import { createOrmOptions } from '../config/mikro-orm.options';
import { withScratchPostgres } from '../testing/test-database';

/**
 * The committed migrations must build exactly the schema the entities describe, on every dialect:
 * after `up()`, MikroORM's schema diff is empty. PostgreSQL runs when `PG_TEST_URL` names a server
 * (CI starts one); a scratch database is created and dropped around the test.
 */
async function schemaDiffAfterMigrations(database: string): Promise<string> {
  const options = createOrmOptions({ dialect: 'postgresql', database });
  const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
  try {
    await orm.getMigrator().up();
    return (await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim();
  } finally {
    await orm.close(true);
  }
}

/**
 * SQLite's schema diff in MikroORM 6 rebuilds tables whose check constraints it cannot compare, so
 * on SQLite the two schemas are compared by structure instead: columns, indexes and foreign keys.
 */
async function sqliteStructure(build: (orm: MikroORM) => Promise<void>): Promise<unknown> {
  const options = createOrmOptions({ dialect: 'sqlite', database: ':memory:' });
  const orm = await MikroORM.init({ ...options, migrations: { ...options.migrations, silent: true } });
  try {
    await build(orm);
    const connection = (orm.em as EntityManager).getConnection();
    const tables = (await connection.execute<Array<{ name: string }>>(
      // `tickets_search*`: the full-text index (a migration's FTS5 table and its shadow tables), no entity's.
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != 'mikro_orm_migrations' and name not like 'tickets_search%' order by name",
    )).map((t) => t.name);
    const structure: Record<string, unknown> = {};
    for (const table of tables) {
      const indexes = await connection.execute<Array<{ name: string; unique: number }>>(`pragma index_list('${table}')`);
      structure[table] = {
        columns: await connection.execute(`select name, type, "notnull", dflt_value, pk from pragma_table_info('${table}') order by name`),
        foreignKeys: await connection.execute(`select "table", "from", "to", on_update, on_delete from pragma_foreign_key_list('${table}') order by "from"`),
        indexes: await Promise.all(
          indexes
            .filter((index) => !index.name.startsWith('sqlite_autoindex'))
            .sort((a, b) => a.name.localeCompare(b.name))
            .map(async (index) => ({
              name: index.name,
              unique: index.unique,
              columns: (await connection.execute<Array<{ name: string }>>(`pragma index_info('${index.name}')`)).map((c) => c.name),
            })),
        ),
      };
    }
    return structure;
  } finally {
    await orm.close(true);
  }
}

describe('migrations', () => {
  it('build the schema of the entities on SQLite', async () => {
    const migrated = await sqliteStructure((orm) => orm.getMigrator().up().then(() => undefined));
    const fromEntities = await sqliteStructure((orm) => orm.schema.createSchema());
    expect(migrated).toEqual(fromEntities);
  });

  const pgUrl = process.env['PG_TEST_URL'];
  (pgUrl ? it : it.skip)('build the schema of the entities on PostgreSQL (PG_TEST_URL)', async () => {
    await withScratchPostgres(pgUrl as string, 'migrations', async (url) => {
      expect(await schemaDiffAfterMigrations(url)).toBe('');
    });
  });
});
