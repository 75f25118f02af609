import { EventEmitter } from 'node:events';

import { ServiceUnavailableException } from '@nestjs/common';

import { testConfig } from '../testing/test-database';
import { MAX_WAITING_SEARCHES, SqlPart, TicketQueries } from './ticket-queries';
import { planTicketSearch } from './ticket-search';
import { clientGone } from './ticket-search-queue';

describe('TicketQueries.guard: searches cannot take every read connection', () => {
  const search: SqlPart = {
    sql: 'x',
    params: [],
    search: planTicketSearch('printer', { dialect: 'sqlite', staff: true, ranked: true }),
  };
  const plain: SqlPart = { sql: 'x', params: [] };

  function queries(dbPoolSize: number): TicketQueries {
    // The guard needs no database: only what it runs and in which order.
    return new TicketQueries(null as never, testConfig({ dbPoolSize }));
  }

  it('runs DB_POOL_SIZE - 1 searches at once, the others in arrival order, other reads at once', async () => {
    const guard = queries(3);
    const order: string[] = [];
    const releases: Array<() => void> = [];
    const blocked = (name: string) =>
      guard.guard(search, () => new Promise<void>((done) => releases.push(() => (order.push(name), done()))));
    const first = blocked('search 1');
    const second = blocked('search 2');
    const third = guard.guard(search, async () => void order.push('search 3'));
    await guard.guard(plain, async () => void order.push('plain'));
    await new Promise((r) => setImmediate(r));
    expect(releases).toHaveLength(2);
    expect(order).toEqual(['plain']);
    releases[1]();
    await Promise.all([second, third]);
    releases[0]();
    await first;
    expect(order).toEqual(['plain', 'search 2', 'search 3', 'search 1']);
  });

  it(`answers 503 SERVER_BUSY with Retry-After once ${MAX_WAITING_SEARCHES} searches wait`, async () => {
    const guard = queries(1);
    let release!: () => void;
    const blocker = new Promise<void>((done) => (release = done));
    const running = Array.from({ length: MAX_WAITING_SEARCHES + 1 }, () =>
      guard.guard(search, () => blocker),
    );
    await Promise.resolve();
    let refused: unknown;
    try {
      await guard.guard(search, async () => undefined);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ServiceUnavailableException);
    expect((refused as ServiceUnavailableException).getResponse()).toMatchObject({
      code: 'SERVER_BUSY',
      retryAfterSeconds: 1,
    });
    // Other reads are never refused, and the queue drains.
    await expect(guard.guard(plain, async () => 'ok')).resolves.toBe('ok');
    release();
    await Promise.all(running);
    await expect(guard.guard(search, async () => 'again')).resolves.toBe('again');
  });

  it('drops a waiting search whose client has gone, keeping its place for the next', async () => {
    const guard = queries(2);
    let release!: () => void;
    const running = guard.guard(search, () => new Promise<void>((done) => (release = done)));
    const gone = new AbortController();
    const abandoned = guard.guard(search, async () => 'ran for nobody', gone.signal);
    const next = guard.guard(search, async () => 'next');
    gone.abort();
    await expect(abandoned).rejects.toBeInstanceOf(ServiceUnavailableException);
    release();
    await running;
    await expect(next).resolves.toBe('next');
    // A search whose client went before it even queued never runs either.
    await expect(guard.guard(search, async () => 'late', gone.signal)).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
  });

  it('learns that the client has gone when the connection closes before the answer is sent', () => {
    const cut = Object.assign(new EventEmitter(), { writableFinished: false });
    const signal = clientGone(cut as unknown as Parameters<typeof clientGone>[0]);
    cut.emit('close');
    expect(signal.aborted).toBe(true);
    const answered = Object.assign(new EventEmitter(), { writableFinished: true });
    const kept = clientGone(answered as unknown as Parameters<typeof clientGone>[0]);
    answered.emit('close');
    expect(kept.aborted).toBe(false);
  });
});
