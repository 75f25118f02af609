import type { Platform } from '@mikro-orm/core';

/** A statement with `?` placeholders and the values bound to them, in order. */
export interface BoundQuery {
  sql: string;
  bindings: Array<string | number | Buffer | null>;
}

/**
 * The most values bound to one statement; past it the values are written in, as MikroORM writes
 * them. SQLite refuses more than `SQLITE_MAX_VARIABLE_NUMBER` (999 before 3.32, 32,766 since); a
 * statement that long (a batch insert of hundreds of rows) is not one to keep prepared anyway.
 */
export const MAX_BOUND_VALUES = 999;

/** What {@link bindable} answers for a value that is written into the SQL instead. */
const INLINE = Symbol('inline');

/** The most and least `sqlite3` binds as an INTEGER: a 32-bit one (a larger number it binds as a REAL). */
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/**
 * The value `sqlite3` binds to stand for `value` as MikroORM's SQLite platform would write it into
 * the SQL (`Platform.quoteValue`): text, a finite number, `true`/`false` as 1/0 (what SQLite's
 * `TRUE`/`FALSE` are), a `Date` as its ms since the epoch (MikroORM's SQLite dates), bytes, `null`
 * for `null` and `undefined`; {@link INLINE} for anything else (raw SQL fragments, arrays, JSON
 * objects, big integers, integers past 2^53, `NaN`), which stays written into the SQL.
 */
function bindable(value: unknown): string | number | Buffer | null | typeof INLINE {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))
        ? value
        : INLINE;
    case 'boolean':
      return value ? 1 : 0;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? INLINE : value.getTime();
  if (Buffer.isBuffer(value)) return value;
  return INLINE;
}

/**
 * The placeholder for `bound`: `?`, or `cast(? as integer)` for an integer outside 32 bits (a time
 * in ms, a large id), which `sqlite3` binds as a REAL: the literal MikroORM would write is an
 * INTEGER, and the two differ where no column's affinity converts them (`typeof`, `/`, text).
 * Exact up to 2^53, beyond which {@link bindable} leaves the value written in.
 */
function placeholder(bound: string | number | Buffer | null): string {
  return typeof bound === 'number' && Number.isInteger(bound) && (bound > INT32_MAX || bound < INT32_MIN)
    ? 'cast(? as integer)'
    : '?';
}

/**
 * MikroORM's SQL and parameters as a parameterised statement, for a SQLite connection to prepare
 * once and run again with other values, instead of the text with every value written in
 * (`Platform.formatQuery`), which is new text, parsed and planned anew, for every row written or
 * id looked up. The statement's text depends on the values only where an integer needs more than
 * 32 bits ({@link placeholder}).
 *
 * Reads the placeholders as `formatQuery` does: `??` is an identifier (written in, quoted), `?` a
 * value; each value that {@link bindable} can bind becomes a `?` with its binding, and the others
 * are written in with `platform.quoteValue`, as MikroORM writes them.
 *
 * Answers `null`, for the caller to run the query as MikroORM does, when there is nothing to bind
 * (no parameters, or nothing bindable), when more than {@link MAX_BOUND_VALUES} values would be
 * bound, when the placeholders and parameters do not match, when the SQL holds an
 * escaped `\?`, and when something written in holds a `?` (knex, which runs the statement, would
 * take it for a placeholder).
 * @param sql SQL with `?`/`??` placeholders, as MikroORM's query builder and driver produce it
 * @param params the values of the placeholders, in order
 * @param platform the SQLite platform, whose quoting is kept for what is written in
 */
export function bindQuery(sql: string, params: readonly unknown[], platform: Platform): BoundQuery | null {
  if (params.length === 0) return null;
  const bindings: BoundQuery['bindings'] = [];
  let out = '';
  let from = 0;
  let next = 0;
  for (let at = sql.indexOf('?'); at !== -1; at = sql.indexOf('?', from)) {
    if (next >= params.length || (at > 0 && sql[at - 1] === '\\')) return null;
    out += sql.slice(from, at);
    const value = params[next++];
    if (sql[at + 1] === '?') {
      const identifier = platform.quoteIdentifier(value as string);
      if (identifier.includes('?')) return null;
      out += identifier;
      from = at + 2;
      continue;
    }
    const bound = bindable(value);
    if (bound === INLINE) {
      const literal = `${platform.quoteValue(value)}`;
      if (literal.includes('?')) return null;
      out += literal;
    } else {
      out += placeholder(bound);
      bindings.push(bound);
    }
    from = at + 1;
  }
  if (next !== params.length || bindings.length === 0 || bindings.length > MAX_BOUND_VALUES) return null;
  return { sql: out + sql.slice(from), bindings };
}
