import { Configuration, LoggingOptions, Transaction } from '@mikro-orm/core';
import { AbstractSqlDriver, Knex, SqliteConnection, SqlitePlatform } from '@mikro-orm/sqlite';

import { bindQuery } from './sqlite-bound-query';

/**
 * MikroORM's SQLite connection with two changes:
 * - its knex pool is the one of its own options: for a read replica, the replica's pool (its size,
 *   read-only pragmas and statement time limit), for the writer the configuration's. MikroORM 6's
 *   SQLite connection always takes the configuration's `pool`, so every replica got the writer's
 *   (one connection, writable, no time limit). The pool is kept apart from the options:
 *   `Connection.close` clears those, so after `MikroORM.reconnect` (which the API does after
 *   migrating) a replica would get the writer's pool again;
 * - the ORM's statements run parameterised ({@link execute}).
 */
export class PooledSqliteConnection extends SqliteConnection {
  /** The pool of this connection's own options: a replica's, or the configuration's for the writer. */
  private readonly ownPool = this.options.pool as Knex.PoolConfig | undefined;

  protected override getKnexOptions(type: string): Knex.Config {
    const options = super.getKnexOptions(type);
    return this.ownPool ? { ...options, pool: this.ownPool } : options;
  }

  /**
   * Runs SQL as MikroORM's `execute` does (the same results, errors, transaction and query log),
   * but with the values bound to `?` placeholders ({@link bindQuery}) instead of written into the
   * text. Every row MikroORM writes or looks up by id was new SQL to parse and plan; now each shape
   * of statement is prepared once per connection and kept (`cacheStatements`). Why: in a reply's
   * transaction (five statements), preparing cost about 1.1 ms of SQLite's time on the one writer
   * connection, 0.8 ms of it for the ticket's `update` (its triggers are compiled with it), at
   * 100,000 tickets; and each statement took two trips through libuv's thread pool (prepare, then
   * run) instead of one. Measured on the ORM's part of a reply (the ticket read with its people, a
   * reply and a notification written, the ticket updated; no HTTP), two sets of four runs of 300
   * each way in ABBA order: the flush, which holds the one writer, 5.5 → 4.6 and 4.9 → 4.2 ms; CPU
   * 8.7 → 7.5 and 7.9 → 7.1 ms a reply.
   * A knex query builder, SQL without parameters, and SQL that {@link bindQuery} cannot bind run as
   * MikroORM runs them.
   */
  override async execute<T>(
    queryOrKnex: string | Knex.QueryBuilder | Knex.Raw,
    params: unknown[] = [],
    method: 'all' | 'get' | 'run' = 'all',
    ctx?: Transaction,
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    const bound = typeof queryOrKnex === 'string' ? bindQuery(queryOrKnex, params, this.platform) : null;
    if (typeof queryOrKnex !== 'string' || !bound)
      return super.execute<T & object>(queryOrKnex, params, method, ctx, loggerContext);
    await this.ensureConnection();
    // The `onQuery` hook sees the statement that runs, with its bindings.
    const sql = this.config.get('onQuery')(bound.sql, bound.bindings);
    const logger = this.config.getLogger();
    // What the query log shows, as MikroORM logs it: the values written in when they are asked for.
    const logged =
      logger.isEnabled('query', loggerContext) && logger.isEnabled('query-params', loggerContext)
        ? this.platform.formatQuery(queryOrKnex, params)
        : queryOrKnex;
    return this.executeQuery(
      logged,
      async () => {
        const statement = this.getKnex().raw(sql, bound.bindings);
        if (ctx) statement.transacting(ctx);
        return this.transformRawResult<T>(await statement, method);
      },
      { query: queryOrKnex, params, ...loggerContext },
    );
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
