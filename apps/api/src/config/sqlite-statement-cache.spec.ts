import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';

import { CachingSqliteConnection, cacheStatements } from './sqlite-statement-cache';
import { InterruptibleSqliteConnection, limitStatementTime } from './sqlite-statement-limit';

/** `Statement#finalize` of `sqlite3`, counted: how many statements the connection prepared and dropped. */
function countFinalized(): { count: () => number; restore: () => void } {
  const prototype = sqlite3.Statement.prototype as unknown as { finalize: (...args: unknown[]) => unknown };
  const original = prototype.finalize;
  let count = 0;
  prototype.finalize = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  return { count: () => count, restore: () => (prototype.finalize = original) };
}

describe('cacheStatements (a real sqlite3 connection)', () => {
  let dir: string;
  let db: sqlite3.Database;
  const all = (sql: string, params: unknown[] = []): Promise<unknown[]> =>
    new Promise((done, fail) => db.all(sql, params, (error, rows) => (error ? fail(error) : done(rows))));
  const run = (sql: string, params: unknown[] = []): Promise<{ lastID?: number; changes?: number }> =>
    new Promise((done, fail) =>
      db.run(sql, params, function (this: { lastID?: number; changes?: number }, error: Error | null) {
        if (error) fail(error);
        else done({ lastID: this.lastID, changes: this.changes });
      }),
    );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statement-cache-'));
    db = new sqlite3.Database(join(dir, 'db.sqlite'));
    cacheStatements(db as unknown as CachingSqliteConnection, 3);
    await run('create table t (id integer primary key, x integer not null unique)');
  });
  afterEach(async () => {
    await new Promise<void>((done, fail) => db.close((error) => (error ? fail(error) : done())));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers as sqlite3 does: rows, lastID and changes, each call with its own parameters', async () => {
    expect(await run('insert into t (x) values (?)', [10])).toEqual({ lastID: 1, changes: 1 });
    expect(await run('insert into t (x) values (?)', [20])).toEqual({ lastID: 2, changes: 1 });
    const reads = await Promise.all([1, 2, 3].map((id) => all('select x from t where id = ?', [id])));
    expect(reads).toEqual([[{ x: 10 }], [{ x: 20 }], []]);
    expect(await run('update t set x = x + 1 where x >= ?', [10])).toMatchObject({ changes: 2 });
  });

  it('prepares a statement once and reuses it, dropping the least recently used past its size', async () => {
    const finalized = countFinalized();
    try {
      for (let i = 0; i < 5; i++) await all('select ? as n', [i]);
      expect(finalized.count()).toBe(0);
      // Three more distinct statements: the cache holds 3, so the oldest goes.
      await all('select ? as a', [1]);
      await all('select ? as b', [2]);
      expect(finalized.count()).toBe(0);
      await all('select ? as c', [3]);
      expect(finalized.count()).toBe(1);
      await expect(all('select ? as n', [7])).resolves.toEqual([{ n: 7 }]);
    } finally {
      finalized.restore();
    }
  });

  it('keeps transaction control, not statements without parameters (MikroORM writes values into its SQL)', async () => {
    const finalized = countFinalized();
    try {
      await run('begin');
      await run('insert into t (x) values (41)');
      await run('commit');
      await run('begin immediate');
      // Knex may pass no values at all for a statement without any.
      await new Promise<void>((done, fail) =>
        db.run('commit', undefined as unknown as unknown[], (error: Error | null) =>
          error ? fail(error) : done(),
        ),
      );
      // The insert, run once, was finalized as sqlite3 does; begin and commit stay prepared.
      expect(finalized.count()).toBe(1);
      expect(await all('select x from t')).toEqual([{ x: 41 }]);
      expect(finalized.count()).toBe(2);
    } finally {
      finalized.restore();
    }
  });

  it('gives a statement that does not prepare its error, every time, without hanging', async () => {
    await expect(all('select nope from t where id = ?', [1])).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await expect(
      Promise.all([all('select nope from t where id = ?', [1]), all('select nope from t where id = ?', [2])]),
    ).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await expect(all('select count(*) as c from t')).resolves.toEqual([{ c: 0 }]);
  });

  it('rolls back after a failed statement in a transaction, and the connection takes the next one', async () => {
    await run('insert into t (x) values (1)');
    await run('begin');
    await run('insert into t (x) values (2)');
    await expect(run('insert into t (x) values (1)')).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    await run('rollback');
    await run('begin');
    await run('insert into t (x) values (3)');
    await run('commit');
    expect(await all('select x from t order by x')).toEqual([{ x: 1 }, { x: 3 }]);
  });

  it('resets a statement that failed busy, so later transactions still commit', async () => {
    // Without the reset the failed insert stays "in progress" and every later COMMIT fails. A
    // connection of its own, with room for every statement (none is dropped and finalized).
    const cached = new sqlite3.Database(join(dir, 'busy.sqlite'));
    cacheStatements(cached as unknown as CachingSqliteConnection);
    const other = new sqlite3.Database(join(dir, 'busy.sqlite'));
    const exec = (on: sqlite3.Database, sql: string) =>
      new Promise<void>((done, fail) => on.exec(sql, (error) => (error ? fail(error) : done())));
    const runOn = (sql: string, params: unknown[] = []) =>
      new Promise<void>((done, fail) =>
        cached.run(sql, params, (error: Error | null) => (error ? fail(error) : done())),
      );
    try {
      await exec(cached, 'pragma journal_mode = wal; pragma busy_timeout = 50; create table u (x integer)');
      await exec(other, 'pragma busy_timeout = 50; begin immediate; insert into u values (1)');
      await runOn('begin');
      await expect(runOn('insert into u values (?)', [2])).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      await runOn('rollback');
      await exec(other, 'commit');
      await runOn('begin');
      await runOn('insert into u (x) values (?)', [3]);
      await runOn('commit');
      const rows = await new Promise((done) =>
        cached.all('select x from u order by x', [], (_, r) => done(r)),
      );
      expect(rows).toEqual([{ x: 1 }, { x: 3 }]);
    } finally {
      await new Promise<void>((done) => other.close(() => done()));
      await new Promise<void>((done) => cached.close(() => done()));
    }
  });

  it('rolls back after an interrupted statement (DB_TIMEOUT) in a transaction', async () => {
    limitStatementTime(db as unknown as InterruptibleSqliteConnection, 100);
    await run('begin');
    await run('insert into t (x) values (5)');
    await expect(
      all('with recursive n(v) as (select 1 union all select v + 1 from n) select count(*) from n'),
    ).rejects.toMatchObject({ code: 'SQLITE_INTERRUPT' });
    await run('rollback');
    await run('begin');
    await run('insert into t (x) values (6)');
    await run('commit');
    expect(await all('select x from t')).toEqual([{ x: 6 }]);
  });

  it('runs what a cached statement would get wrong as sqlite3 does: returning rows from run(), savepoints, missing values', async () => {
    await run('insert into t (x) values (1), (2)');
    // `run` steps once: cached, the delete would stay in progress and block the next COMMIT.
    await run('delete from t where x = ? returning id', [1]);
    await run('begin');
    await run('insert into t (x) values (3)');
    await run('commit');
    expect(await all('select x from t order by x')).toEqual([{ x: 2 }, { x: 3 }]);
    // A value left out is null, not the previous call's.
    expect(await all('select ? as v', [5])).toEqual([{ v: 5 }]);
    expect(await all('select ? as v', [])).toEqual([{ v: null }]);
    // Named parameters.
    expect(await all('select $v as v', { $v: 7 } as unknown as unknown[])).toEqual([{ v: 7 }]);
    await run('begin');
    for (let i = 0; i < 5; i++) {
      await run(`savepoint trx${i}`);
      await run(`release trx${i}`);
    }
    await run('commit');
    // Savepoints stayed out of the cache, so the statements above are still there.
    const finalized = countFinalized();
    try {
      await all('select ? as v', [1]);
      expect(finalized.count()).toBe(0);
    } finally {
      finalized.restore();
    }
  });

  it('answers a call on a closed connection with an error, and nothing is thrown later', async () => {
    const closed = new sqlite3.Database(':memory:');
    cacheStatements(closed as unknown as CachingSqliteConnection);
    limitStatementTime(closed as unknown as InterruptibleSqliteConnection, 50);
    await new Promise<void>((done) => closed.close(() => done()));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await expect(
        new Promise((done, fail) =>
          closed.all('select 1', [], (error, rows) => (error ? fail(error) : done(rows))),
        ),
      ).rejects.toMatchObject({ code: 'SQLITE_MISUSE' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('closes with statements still cached (SQLite refuses to close with statements left)', async () => {
    await all('select 1 as a');
    await run('insert into t (x) values (?)', [1]);
    // afterEach closes and fails the test on an error.
  });
});
