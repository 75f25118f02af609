import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EntitySchema, MikroORM, raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import { SqlitePlatform } from '@mikro-orm/sqlite';
import sqlite3 from 'sqlite3';

import { createOrmOptions } from './mikro-orm.options';
import { bindQuery, MAX_BOUND_VALUES } from './sqlite-bound-query';

describe('bindQuery', () => {
  const platform = new SqlitePlatform();

  it('binds text, numbers, booleans, dates, bytes and null, and writes identifiers in', () => {
    const at = new Date('2026-11-28T10:00:00.000Z');
    const bytes = Buffer.from([0, 1, 2]);
    expect(
      bindQuery(
        'insert into ?? (a, b, c, d, e, f, g, h) values (?, ?, ?, ?, ?, ?, ?, ?)',
        ['notes', "it's a question?", 3, 2.5, true, false, null, at, bytes],
        platform,
      ),
    ).toEqual({
      // A time in ms needs more than 32 bits, which sqlite3 would bind as a REAL.
      sql: 'insert into `notes` (a, b, c, d, e, f, g, h) values (?, ?, ?, ?, ?, ?, cast(? as integer), ?)',
      bindings: ["it's a question?", 3, 2.5, 1, 0, null, at.getTime(), bytes],
    });
  });

  it('writes in what SQLite cannot bind, as MikroORM would: JSON, lists and raw SQL', () => {
    expect(
      bindQuery(
        'update t set doc = ?, n = ?, at = ? where id in (?)',
        [{ a: 1 }, 7, raw('now()'), [1, 2]],
        platform,
      ),
    ).toEqual({
      sql: `update t set doc = ${platform.quoteValue({ a: 1 })}, n = ?, at = now() where id in (1, 2)`,
      bindings: [7],
    });
  });

  it('leaves to MikroORM what it cannot bind safely', () => {
    // Nothing to bind, or nothing bindable.
    expect(bindQuery('select 1', [], platform)).toBeNull();
    expect(bindQuery('select ?', [[1, 2]], platform)).toBeNull();
    // Placeholders and parameters that do not match.
    expect(bindQuery('select ?, ?', [1], platform)).toBeNull();
    expect(bindQuery('select ?', [1, 2], platform)).toBeNull();
    // An escaped question mark, and a written-in value that holds one (knex would take it for a placeholder).
    expect(bindQuery("select '\\?', ?", [1], platform)).toBeNull();
    expect(bindQuery('select ?, ?', [{ q: 'why?' }, 1], platform)).toBeNull();
    // More values than SQLite may take in one statement.
    const many = Array.from({ length: MAX_BOUND_VALUES + 1 }, (_, k) => k);
    expect(bindQuery(`select ${many.map(() => '?').join(', ')}`, many, platform)).toBeNull();
  });
});

interface Note {
  id: number;
  title: string;
  views: number;
  score: number;
  pinned: boolean;
  at: Date;
  meta: Record<string, unknown> | null;
  body: string | null;
}

const NoteSchema = new EntitySchema<Note>({
  name: 'Note',
  tableName: 'notes',
  properties: {
    id: { type: 'number', primary: true },
    title: { type: 'string' },
    views: { type: 'number' },
    score: { type: 'double' },
    pinned: { type: 'boolean' },
    at: { type: 'Date' },
    meta: { type: 'json', nullable: true },
    body: { type: 'text', nullable: true },
  },
});

describe('the SQLite driver runs the ORM statements parameterised (a real database file)', () => {
  let dir: string;
  let orm: MikroORM;
  const database = sqlite3.Database.prototype as unknown as Record<
    'all' | 'run' | 'prepare',
    (sql: string) => unknown
  >;
  const originals = { all: database.all, run: database.run, prepare: database.prepare };
  /** Statements about `notes` that sqlite3 prepared to keep, and that it prepared, ran and dropped. */
  const calls = { kept: [] as string[], once: [] as string[] };

  beforeAll(async () => {
    // The statement cache wraps each connection's methods as the pool opens it: count them underneath.
    for (const method of ['all', 'run'] as const) {
      database[method] = function (this: unknown, sql: string, ...rest: unknown[]) {
        if (/notes/.test(sql)) calls.once.push(sql);
        return (originals[method] as (...args: unknown[]) => unknown).call(this, sql, ...rest);
      };
    }
    database.prepare = function (this: unknown, sql: string, ...rest: unknown[]) {
      if (/notes/.test(sql)) calls.kept.push(sql);
      return (originals.prepare as (...args: unknown[]) => unknown).call(this, sql, ...rest);
    };
    dir = mkdtempSync(join(tmpdir(), 'bound-query-'));
    orm = await MikroORM.init({
      ...createOrmOptions({ dialect: 'sqlite', database: join(dir, 'db.sqlite') }),
      entities: [NoteSchema],
    });
    await orm.schema.createSchema();
  });

  afterAll(async () => {
    await orm.close();
    Object.assign(database, originals);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes and reads back every kind of value as it was, preparing each statement once', async () => {
    const at = new Date('2026-11-28T10:00:00.123Z');
    const values = [
      {
        title: "O'Brien asks: why? -- 'quoted' \\ back",
        views: 0,
        score: -1.5,
        pinned: true,
        meta: { a: [1, 'b?'] },
        body: null,
      },
      {
        title: 'Ünïcödé ✓ 日本語\nnew line',
        views: 2 ** 40,
        score: 0.1,
        pinned: false,
        meta: null,
        body: '',
      },
      ...Array.from({ length: 8 }, (_, k) => ({
        title: `note ${k}`,
        views: k,
        score: k / 3,
        pinned: k % 2 === 0,
        meta: null,
        body: 'x'.repeat(k),
      })),
    ];
    calls.kept.length = 0;
    calls.once.length = 0;
    const ids: number[] = [];
    for (const value of values) {
      // One flush each: the same insert, again and again.
      const em = orm.em.fork();
      const note = em.create(NoteSchema, { ...value, at });
      await em.flush();
      ids.push(note.id);
    }
    const em = orm.em.fork();
    for (const [k, id] of ids.entries()) {
      const note = await em.findOneOrFail(NoteSchema, id);
      expect({ ...note }).toEqual({ id, ...values[k], at });
    }
    expect(await em.count(NoteSchema, { pinned: true, title: { $like: '%?%' } })).toBe(1);
    expect(calls.once.filter((sql) => sql.startsWith('insert'))).toEqual([]);
    // Two shapes of insert (a number of views past 32 bits is cast), each prepared once.
    expect(calls.kept.filter((sql) => sql.startsWith('insert'))).toHaveLength(2);
    // The reads by id: one statement, prepared once, run ten times (one after another, on the one
    // read connection the pool keeps open).
    expect(
      calls.kept.filter((sql) => sql.startsWith('select') && sql.includes('where `n0`.`id` = ?')),
    ).toHaveLength(1);
  });

  it('keeps constraint errors as MikroORM reports them, and the statement usable after one', async () => {
    const note = (id: number) => ({
      id,
      title: 'again',
      views: 0,
      score: 0,
      pinned: false,
      at: new Date(),
      meta: null,
      body: null,
    });
    calls.once.length = 0;
    await expect(orm.em.fork().insert(NoteSchema, note(1))).rejects.toThrow(
      UniqueConstraintViolationException,
    );
    await expect(orm.em.fork().insert(NoteSchema, note(1000))).resolves.toBe(1000);
    expect(calls.once.filter((sql) => sql.startsWith('insert'))).toEqual([]);
  });

  it('gives integers past 32 bits as the integers MikroORM would write, not as reals', async () => {
    const ms = Date.UTC(2026, 10, 28, 10, 0, 0, 123);
    const [row] = await orm.em
      .fork()
      .getConnection()
      .execute<Array<{ kind: string; seconds: number; text: string }>>(
        "select typeof(?) as kind, ? / 1000 as seconds, ? || '' as text",
        [ms, ms, ms],
      );
    expect(row).toEqual({ kind: 'integer', seconds: Math.floor(ms / 1000), text: String(ms) });
  });
});
