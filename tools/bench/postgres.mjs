/**
 * The benchmark's data on PostgreSQL (`BENCH_PG_URL`): the tickets `tickets.bench.mjs` loaded into
 * SQLite, copied into a PostgreSQL database the API has migrated and seeded, so both databases hold
 * the same rows (ids included) and the same scenarios ask for the same pages.
 */
import pg from 'pg';
import sqlite3 from 'sqlite3';

/** Rows a statement copies: `unnest` of one array per column keeps it to one parameter a column. */
const BATCH = 5000;

/**
 * The tables the loader fills and the rows of each that are the benchmark's own (the seed's rows
 * are already there, the same on both databases). Copied with the row triggers on, so the
 * full-text search documents, the per-status counts and the report day counts are the ones the API
 * would have written.
 */
const TABLES = [
  ['tickets', "number like 'BENCH-%'"],
  ['sla_alerts', 'ticket_id >= $first'],
  ['replies', 'ticket_id >= $first'],
];

/** A PostgreSQL URL naming `database` on the server of `url`. */
export function databaseUrl(url, database) {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** Runs `work` with a client connected to `url`, closed afterwards. */
export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether `database` exists on the server of `url` (a maintenance database such as `postgres`). */
export function databaseExists(url, database) {
  return withClient(
    url,
    async (client) =>
      (await client.query('select 1 from pg_database where datname = $1', [database])).rowCount > 0,
  );
}

/**
 * Drops `database` (closing its connections) and, with `template`, creates it again as a copy of
 * that database (a file copy: seconds where loading took minutes).
 */
export async function recreateDatabase(url, database, template) {
  await withClient(url, async (client) => {
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.query(`create database "${database}"${template ? ` template "${template}"` : ''}`);
  });
}

/** Drops `database` if it exists. */
export function dropDatabase(url, database) {
  return withClient(url, (client) => client.query(`drop database if exists "${database}" with (force)`));
}

const all = (db, sql, params) =>
  new Promise((done, fail) => db.all(sql, params, (e, rows) => (e ? fail(e) : done(rows))));

/**
 * Copies the benchmark's rows (see {@link TABLES}) from the SQLite `file` into the PostgreSQL
 * database at `url`, ids included, then moves each table's id sequence past them and analyzes the
 * tables (as autovacuum would before anyone searched). SQLite's instants (ms since the epoch) become
 * `timestamptz`, its 0/1 `boolean`.
 * @param first the id of the first benchmark ticket
 * @throws when the seed's tickets in PostgreSQL reach `first` (the two seeds differ)
 */
export async function copyIntoPostgres(file, url, first) {
  const source = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
  try {
    await withClient(url, async (client) => {
      const { rows } = await client.query('select coalesce(max(id), 0) as max from tickets');
      if (Number(rows[0].max) >= first) {
        throw new Error(
          `PostgreSQL's seed holds ticket ${rows[0].max}, the benchmark's tickets start at ${first}`,
        );
      }
      for (const [table, where] of TABLES) {
        const types = new Map(
          (
            await client.query(
              "select column_name, udt_name from information_schema.columns where table_schema = 'public' and table_name = $1",
              [table],
            )
          ).rows.map((row) => [row.column_name, row.udt_name]),
        );
        const columns = (await all(source, `select name from pragma_table_info('${table}')`, []))
          .map((row) => row.name)
          .filter((name) => types.has(name));
        const convert = columns.map((name) => {
          const type = types.get(name);
          if (type === 'timestamptz' || type === 'timestamp') return (v) => (v === null ? null : new Date(v));
          if (type === 'bool') return (v) => (v === null ? null : Boolean(v));
          return (v) => v;
        });
        const insert = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
          select * from unnest(${columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`).join(', ')})`;
        let after = 0;
        for (;;) {
          const batch = await all(
            source,
            `select rowid as _rowid, * from "${table}" where ${where.replace('$first', '?')} and rowid > ? order by rowid limit ${BATCH}`,
            where.includes('$first') ? [first, after] : [after],
          );
          if (!batch.length) break;
          after = batch.at(-1)._rowid;
          await client.query(
            insert,
            columns.map((column, i) => batch.map((row) => convert[i](row[column]))),
          );
        }
        if (types.has('id')) {
          await client.query(
            `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from "${table}"))`,
          );
        }
      }
      await client.query('vacuum analyze');
    });
  } finally {
    await new Promise((done) => source.close(done));
  }
}
