/** A prepared statement of `sqlite3` (`Statement`), as {@link cacheStatements} uses it. */
interface SqliteStatement {
  all(params: unknown[], done: (this: RunContext, err: Error | null, rows?: unknown[]) => void): unknown;
  run(params: unknown[], done: (this: RunContext, err: Error | null) => void): unknown;
  reset(done?: () => void): unknown;
  finalize(done?: () => void): unknown;
}

/** What a `run` tells its callback as `this`: the last inserted row id and the rows changed. */
interface RunContext {
  lastID?: number;
  changes?: number;
}

/** The methods of a `sqlite3` connection (`Database`) that {@link cacheStatements} wraps. */
export interface CachingSqliteConnection {
  all(sql: string, params: unknown, done: (...results: unknown[]) => void): unknown;
  run(sql: string, params: unknown, done: (...results: unknown[]) => void): unknown;
  prepare(sql: string, done: (err: Error | null) => void): SqliteStatement;
  close(done?: (err: Error | null) => void): unknown;
}

/** A cached statement: ready once prepared; until then the calls that want it wait in `waiting`. */
interface Entry {
  statement: SqliteStatement;
  ready: boolean;
  waiting: Array<(err: Error | null) => void>;
}

/** How many prepared statements each connection keeps, by default. */
export const STATEMENT_CACHE_SIZE = 256;

/** `returning`: a statement that gives rows back (see {@link cacheable}). */
const RETURNING = /\breturning\b/i;
/** Knex's savepoints have a new name for each nested transaction (`trx1`, `trx2`, ...). */
const SAVEPOINT = /^\s*(savepoint|release|rollback\s+to)\b/i;
/** Transaction control: no parameters, run again and again. */
const TRANSACTION =
  /^\s*(begin(\s+(deferred|immediate|exclusive))?(\s+transaction)?|commit|end|rollback)\s*;?\s*$/i;

/**
 * Whether a call may use a cached statement; the others run as `sqlite3` runs them (prepared,
 * run, finalized):
 * - a `run` of a statement with `returning`: `run` steps once, which leaves such a statement in
 *   progress (holding the write lock, its changes not committed); knex sends `delete ... returning`
 *   there, and MikroORM raw statements it does not recognise as returning rows;
 * - statements without parameters, but for transaction control: their values, if any, are written
 *   into the text (MikroORM's, where `PooledSqliteConnection` could not bind them), so each is new
 *   text, prepared once; cached, they would only push out the parameterised statements that are
 *   run again (the API's own reads, `TicketQueries`, and MikroORM's bound statements);
 * - savepoints, whose names are never used twice;
 * - parameters that are not an array (named ones).
 */
function cacheable(method: 'all' | 'run', sql: string, params: unknown[] | object): boolean {
  if (!Array.isArray(params)) return false;
  if (params.length === 0) return TRANSACTION.test(sql);
  if (method === 'run' && RETURNING.test(sql)) return false;
  return !SAVEPOINT.test(sql);
}

/**
 * Keeps the parameterised statements run on `connection` (its `all` and `run`: the API's plain SQL,
 * `TicketQueries`, and MikroORM's, bound by `PooledSqliteConnection`) and transaction control prepared, up to `size` of them (least recently used
 * dropped first), instead of preparing and finalizing each one every time as `sqlite3`'s
 * `Database#all`/`run` do.
 *
 * Why: the API's own reads (the queue's page, one ticket with its thread) are joins that cost
 * SQLite about as much to prepare as to run; kept prepared, they answered 20 to 30 % more requests
 * a second at 100,000 tickets (`npm run bench`).
 *
 * Behaves as the methods it replaces: the same callbacks, `this.lastID` and `this.changes` for a
 * `run` (a copy: the statement is shared), errors of preparing given to the caller; a statement that
 * ran to its end holds no lock (SQLite ends its implicit transaction), and one that failed is reset
 * before its caller is told. What a cached statement could get wrong runs uncached (see
 * {@link cacheable}). `close` finalizes the cached statements first (SQLite refuses to close a
 * connection with statements left).
 * @param size how many statements to keep at most
 */
export function cacheStatements(connection: CachingSqliteConnection, size = STATEMENT_CACHE_SIZE): void {
  const cache = new Map<string, Entry>();

  /** The ready entry for `sql`, preparing it when not cached; `then` runs once it is ready (or failed). */
  const withStatement = (sql: string, then: (err: Error | null, statement?: SqliteStatement) => void) => {
    const cached = cache.get(sql);
    if (cached) {
      // Most recently used last.
      cache.delete(sql);
      cache.set(sql, cached);
      if (cached.ready) then(null, cached.statement);
      else cached.waiting.push((err) => then(err, cached.statement));
      return;
    }
    // The entry exists before `prepare`, whose callback may come at once (a closed connection).
    const entry = { ready: false, waiting: [(err: Error | null) => then(err, entry.statement)] } as Entry;
    cache.set(sql, entry);
    entry.statement = connection.prepare(sql, (err) => {
      if (err) {
        if (cache.get(sql) === entry) cache.delete(sql);
      } else {
        entry.ready = true;
        // Now, while nothing runs on the connection: `sqlite3_finalize` runs on Node's main thread
        // and would wait for the connection while a statement is being prepared or run.
        evict();
      }
      for (const waiter of entry.waiting.splice(0)) waiter(err);
    });
  };

  /** Drops the least recently used ready statements past `size` (finalized once their calls end). */
  const evict = () => {
    for (const [sql, entry] of cache) {
      if (cache.size <= size) return;
      if (!entry.ready) continue;
      cache.delete(sql);
      entry.statement.finalize();
    }
  };

  for (const method of ['all', 'run'] as const) {
    const uncached = connection[method].bind(connection);
    connection[method] = (sql, params, done) => {
      const values = (params ?? []) as unknown[] | object;
      if (!cacheable(method, sql, values)) return uncached(sql, values, done);
      withStatement(sql, (err, statement) => {
        if (err || !statement) return done(err);
        statement[method](
          values as unknown[],
          function (this: RunContext, error: Error | null, rows?: unknown[]) {
            const context = { lastID: this?.lastID, changes: this?.changes };
            // A callback that threw would leave the statement locked, and every later call of this
            // SQL waiting: the error goes on after `sqlite3` has finished with the statement.
            const answer = () => {
              try {
                done.call(context, error, rows);
              } catch (thrown) {
                process.nextTick(() => {
                  throw thrown;
                });
              }
            };
            // A statement that failed (busy, interrupted, a constraint) is reset before the caller
            // hears of it: one left unreset may still count as running, and SQLite would then refuse
            // the COMMIT of a later transaction ("SQL statements in progress"), leaving the writer
            // stuck. Finalizing every statement, as `sqlite3` does, never had that problem.
            if (error) statement.reset(answer);
            else answer();
          },
        );
      });
    };
  }

  const close = connection.close.bind(connection);
  connection.close = (done) => {
    const entries = [...cache.values()];
    cache.clear();
    let left = entries.length;
    if (!left) return close(done);
    for (const entry of entries) {
      const finalized = () => {
        if (--left === 0) close(done);
      };
      if (entry.ready) entry.statement.finalize(finalized);
      // Not prepared yet: it is finalized by `sqlite3` itself if preparing fails, or once ready here.
      else entry.waiting.push((err) => (err ? finalized() : entry.statement.finalize(finalized)));
    }
    return connection;
  };
}
