import { DriverException } from '@mikro-orm/core';

import { shapeError } from './error-body';

describe('shapeError: the database unavailable', () => {
  const unavailable = {
    status: 503,
    body: { statusCode: 503, error: 'Service Unavailable', code: 'DATABASE_UNAVAILABLE' },
    headers: { 'retry-after': '5' },
  };

  /** What knex throws when no pooled connection came free within `acquireTimeoutMillis`. */
  const poolTimeout = (): Error =>
    Object.assign(
      new Error(
        'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
      ),
      { name: 'KnexTimeoutError' },
    );

  it("answers knex's pool time-out with 503 and Retry-After, bare or inside MikroORM's DriverException", () => {
    expect(shapeError(poolTimeout())).toMatchObject(unavailable);
    expect(shapeError(new DriverException(poolTimeout()))).toMatchObject(unavailable);
  });

  it("answers SQLite's interrupted statement (the read connections' time limit) and lock time-out with 503", () => {
    for (const code of ['SQLITE_INTERRUPT', 'SQLITE_BUSY']) {
      const error = Object.assign(new Error(`${code}: interrupted`), { code });
      expect(shapeError(error)).toMatchObject(unavailable);
      expect(shapeError(new DriverException(error))).toMatchObject(unavailable);
    }
  });

  it('keeps other driver errors a 500 without details', () => {
    const shaped = shapeError(new DriverException(new Error('SQLITE_ERROR: no such column: nope')));
    expect(shaped).toMatchObject({ status: 500, body: { statusCode: 500, code: 'INTERNAL_ERROR' } });
    expect(JSON.stringify(shaped.body)).not.toContain('nope');
  });
});
