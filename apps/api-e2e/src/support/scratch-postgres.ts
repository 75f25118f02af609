import { Client } from 'pg';

/** A database made for one suite on the PostgreSQL server of `PG_TEST_URL`. */
export interface ScratchPostgres {
  /** Its address, for `DATABASE_URL`. */
  url: string;
  /** Drops it (closing any connection left) and disconnects. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database named `<prefix>_<pid>_<ms>` on the server `serverUrl` names (the
 * `PG_TEST_URL` of the suites that run on PostgreSQL).
 * @throws when the server does not answer or refuses to create it
 */
export async function scratchPostgres(serverUrl: string, prefix: string): Promise<ScratchPostgres> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
