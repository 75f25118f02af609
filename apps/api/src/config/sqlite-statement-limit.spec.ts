import { MikroORM } from '@mikro-orm/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';

import { shapeError } from '../common/filters/error-body';
import { createOrmOptions } from './mikro-orm.options';
import { InterruptibleSqliteConnection, limitStatementTime } from './sqlite-statement-limit';

/** A statement that never ends by itself: counting an endless sequence. */
const ENDLESS = 'with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) as c from n';

describe('limitStatementTime', () => {
  let db: sqlite3.Database;
  const all = (sql: string): Promise<unknown[]> =>
    new Promise((done, fail) => db.all(sql, [], (error, rows) => (error ? fail(error) : done(rows))));

  beforeEach(() => {
    db = new sqlite3.Database(':memory:');
    limitStatementTime(db as unknown as InterruptibleSqliteConnection, 100);
  });
  afterEach(() => new Promise<void>((done) => db.close(() => done())));

  it('interrupts a statement that runs past the limit with SQLITE_INTERRUPT, and the connection goes on', async () => {
    const started = Date.now();
    await expect(all(ENDLESS)).rejects.toMatchObject({ code: 'SQLITE_INTERRUPT' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(all('select 41 + 1 as answer')).resolves.toEqual([{ answer: 42 }]);
  });

  it('leaves statements within the limit alone, also when run one after another past it in total', async () => {
    for (let i = 0; i < 5; i++) {
      await all('select 1');
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await expect(all('select count(*) as c from (select 1 union all select 2)')).resolves.toEqual([{ c: 2 }]);
  });

  it('bounds run() too', async () => {
    const run = (sql: string): Promise<void> =>
      new Promise((done, fail) => db.run(sql, [], (error: Error | null) => (error ? fail(error) : done())));
    await run('create table t (x integer)');
    await expect(
      run(`insert into t ${ENDLESS.replace('select count(*) as c from n', 'select x from n')}`),
    ).rejects.toMatchObject({
      code: 'SQLITE_INTERRUPT',
    });
  });
});

describe('the read connections of the API on SQLite (DB_TIMEOUT)', () => {
  let orm: MikroORM;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'statement-limit-'));
    orm = await MikroORM.init(
      createOrmOptions({ dialect: 'sqlite', database: join(dir, 'db.sqlite'), dbTimeoutMs: 200 }),
    );
  });
  afterAll(async () => {
    await orm.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a statement that overruns DB_TIMEOUT with 503 DATABASE_UNAVAILABLE and Retry-After', async () => {
    const error = await orm.em
      .fork()
      .getConnection('read')
      .execute(ENDLESS)
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect(shapeError(error)).toMatchObject({
      status: 503,
      body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE' },
      headers: { 'retry-after': '5' },
    });
    await expect(orm.em.fork().getConnection('read').execute('select 1 as one')).resolves.toEqual([
      { one: 1 },
    ]);
  });

  /** The read connections refuse writes and are as many as DB_POOL_SIZE (4 by default); returns one. */
  const expectReadReplicas = async (): Promise<ReturnType<MikroORM['em']['getConnection']>> => {
    const read = orm.em.fork().getConnection('read');
    await expect(read.execute('create table nope (x integer)')).rejects.toThrow(
      /readonly|read-only|query_only/i,
    );
    // The replica's own pool reached knex (MikroORM's SQLite connection used to give it the writer's).
    const pool = (read as unknown as { getKnex(): { client: { pool: { max: number } } } }).getKnex().client
      .pool;
    expect(pool.max).toBe(4);
    return read;
  };

  it('are read-only and as many as DB_POOL_SIZE (4 by default), beside the one writer', async () => {
    await expectReadReplicas();
    expect(
      (
        orm.em.fork().getConnection('write') as unknown as {
          getKnex(): { client: { pool: { max: number } } };
        }
      ).getKnex().client.pool.max,
    ).toBe(1);
  });

  it('stay read-only, as many and time-limited after a reconnect (the API reconnects after migrating)', async () => {
    await orm.reconnect();
    const read = await expectReadReplicas();
    const error = await read.execute(ENDLESS).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(shapeError(error)).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' } });
  });
});
