/** The methods of a `sqlite3` connection (`Database`) that knex runs statements with. */
export interface InterruptibleSqliteConnection {
  all(sql: string, params: unknown, done: (...results: unknown[]) => void): unknown;
  run(sql: string, params: unknown, done: (...results: unknown[]) => void): unknown;
  /** `sqlite3_interrupt`: stops what the connection is running, which then fails with `SQLITE_INTERRUPT`. */
  interrupt(): void;
}

/**
 * Bounds every statement knex runs on `connection` (its `all` and `run`) to `limitMs`: past it the
 * connection is interrupted (`sqlite3_interrupt`, https://sqlite.org/c3ref/interrupt.html) and the
 * statement fails with `SQLITE_INTERRUPT`, which the API answers as 503 `DATABASE_UNAVAILABLE` with
 * `Retry-After`. SQLite has no `statement_timeout` of its own; this is its counterpart on
 * PostgreSQL. Knex runs one statement at a time on a pooled connection, so the interrupt reaches
 * only the statement that overran; one that ends as the timer fires is left alone (SQLite ignores
 * an interrupt on a connection with nothing running).
 * @param limitMs the longest a statement may run, in ms
 */
export function limitStatementTime(connection: InterruptibleSqliteConnection, limitMs: number): void {
  for (const method of ['all', 'run'] as const) {
    const original = connection[method].bind(connection);
    connection[method] = (sql, params, done) => {
      const timer = setTimeout(() => {
        try {
          connection.interrupt();
        } catch {
          // The connection was closed meanwhile: nothing runs on it any more.
        }
      }, limitMs);
      // `function`, not an arrow: a `run` tells its callback `this.lastID` and `this.changes`.
      return original(sql, params, function (this: unknown, ...results: unknown[]) {
        clearTimeout(timer);
        done.apply(this, results);
      });
    };
  }
}
