import { ServiceUnavailableException } from '@nestjs/common';

import { testConfig } from '../testing/test-database';
import { MAX_WAITING_SCANS, SqlPart, TicketQueries } from './ticket-queries';

describe('TicketQueries.guard: scanning searches cannot take every read connection', () => {
  const scan: SqlPart = { sql: 'x', params: [], scans: true };
  const indexed: SqlPart = { sql: 'x', params: [] };

  function queries(): TicketQueries {
    // The guard needs no database: only what it runs and in which order.
    return new TicketQueries(null as never, testConfig());
  }

  it('runs scanning searches one at a time, in arrival order, and indexed reads at once', async () => {
    const guard = queries();
    const order: string[] = [];
    let release!: () => void;
    const first = guard.guard(
      scan,
      () => new Promise<void>((done) => (release = () => (order.push('scan 1'), done()))),
    );
    const second = guard.guard(scan, async () => void order.push('scan 2'));
    await guard.guard(indexed, async () => void order.push('indexed'));
    expect(order).toEqual(['indexed']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['indexed', 'scan 1', 'scan 2']);
  });

  it(`answers 503 SERVER_BUSY with Retry-After once ${MAX_WAITING_SCANS} searches wait`, async () => {
    const guard = queries();
    let release!: () => void;
    const blocker = new Promise<void>((done) => (release = done));
    const running = Array.from({ length: MAX_WAITING_SCANS + 1 }, () => guard.guard(scan, () => blocker));
    await Promise.resolve();
    let refused: unknown;
    try {
      await guard.guard(scan, async () => undefined);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ServiceUnavailableException);
    expect((refused as ServiceUnavailableException).getResponse()).toMatchObject({
      code: 'SERVER_BUSY',
      retryAfterSeconds: 1,
    });
    // Indexed reads are never refused, and the queue drains.
    await expect(guard.guard(indexed, async () => 'ok')).resolves.toBe('ok');
    release();
    await Promise.all(running);
    await expect(guard.guard(scan, async () => 'again')).resolves.toBe('again');
  });
});
