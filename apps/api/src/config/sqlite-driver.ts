import { Configuration } from '@mikro-orm/core';
import { AbstractSqlDriver, Knex, SqliteConnection, SqlitePlatform } from '@mikro-orm/sqlite';

/**
 * A SQLite connection whose knex pool is the one of its own options: for a read replica, the
 * replica's pool (its size, read-only pragmas and statement time limit), for the writer the
 * configuration's. MikroORM 6's SQLite connection always takes the configuration's `pool`, so every
 * replica got the writer's (one connection, writable, no time limit). The pool is kept apart from
 * the options: `Connection.close` clears those, so after `MikroORM.reconnect` (which the API does
 * after migrating) a replica would get the writer's pool again.
 */
export class PooledSqliteConnection extends SqliteConnection {
  /** The pool of this connection's own options: a replica's, or the configuration's for the writer. */
  private readonly ownPool = this.options.pool as Knex.PoolConfig | undefined;

  protected override getKnexOptions(type: string): Knex.Config {
    const options = super.getKnexOptions(type);
    return this.ownPool ? { ...options, pool: this.ownPool } : options;
  }
}

/**
 * MikroORM's `SqliteDriver` with {@link PooledSqliteConnection}s: the API's SQLite read replicas
 * (`replicas` in `createOrmOptions`) are `DB_POOL_SIZE` read-only connections, as configured.
 */
export class HelpdeskSqliteDriver extends AbstractSqlDriver<PooledSqliteConnection, SqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), PooledSqliteConnection, ['knex', 'sqlite3']);
  }
}
