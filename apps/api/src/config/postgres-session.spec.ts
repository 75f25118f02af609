import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';

import { withScratchPostgres } from '../testing/test-database';
import { loadConfig } from './app-config';
import { createOrmOptions } from './mikro-orm.options';

/**
 * A PostgreSQL setting in a session of the API's pool, with `dbParallelWorkers` as given: its value
 * and where it came from (`session`: a `SET`; `client`: the connection's startup parameters).
 */
async function sessionSetting(
  url: string,
  name: string,
  dbParallelWorkers?: number,
): Promise<{ value: string; source: string }> {
  const orm = await MikroORM.init(
    createOrmOptions({ dialect: 'postgresql', database: url, dbParallelWorkers }),
  );
  try {
    const [row] = await (orm.em as EntityManager)
      .getConnection()
      .execute<Array<{ value: string; source: string }>>(
        'select setting as value, source from pg_settings where name = ?',
        [name],
      );
    return { value: row.value, source: row.source };
  } finally {
    await orm.close(true);
  }
}

describe('DB_PARALLEL_WORKERS', () => {
  it('is 0 unless configured, a whole number from 0 to 64', () => {
    // A scratch data directory and a secret of its own: nothing written to the working tree.
    const dataDir = mkdtempSync(join(tmpdir(), 'parallel-workers-'));
    const env = (extra: NodeJS.ProcessEnv = {}) => ({
      DATA_DIR: dataDir,
      JWT_SECRET: 'parallel-workers-test-secret-0123456789abcdef',
      ...extra,
    });
    try {
      expect(loadConfig(env()).dbParallelWorkers).toBe(0);
      expect(loadConfig(env({ DB_PARALLEL_WORKERS: '2' })).dbParallelWorkers).toBe(2);
      expect(() => loadConfig(env({ DB_PARALLEL_WORKERS: '-1' }))).toThrow(/DB_PARALLEL_WORKERS/);
      expect(() => loadConfig(env({ DB_PARALLEL_WORKERS: 'many' }))).toThrow(/DB_PARALLEL_WORKERS/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const pgUrl = process.env['PG_TEST_URL'];
  (pgUrl ? it : it.skip)(
    "sets the API's PostgreSQL sessions' max_parallel_workers_per_gather and statement_timeout with SET (PG_TEST_URL)",
    async () => {
      await withScratchPostgres(pgUrl as string, 'parallel', async (url) => {
        // Set with SET, not as startup parameters, which a pooler such as PgBouncer would refuse.
        const session = (value: string) => ({ value, source: 'session' });
        expect(await sessionSetting(url, 'max_parallel_workers_per_gather')).toEqual(session('0'));
        expect(await sessionSetting(url, 'max_parallel_workers_per_gather', 3)).toEqual(session('3'));
        // The statement time limit the same way (DB_TIMEOUT, 5 s by default; PostgreSQL counts ms).
        expect(await sessionSetting(url, 'statement_timeout')).toEqual(session('5000'));
      });
    },
  );
});
