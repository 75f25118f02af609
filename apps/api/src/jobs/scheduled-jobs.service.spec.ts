import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Test, TestingModule } from '@nestjs/testing';

import { FakeClock } from '../common/clock';
import { migrate, testConfig, testDatabaseModule } from '../testing/test-database';
import { JobLease } from './job-lease.entity';
import { ScheduledJobs } from './scheduled-jobs.service';

describe('ScheduledJobs', () => {
  let module: TestingModule;
  let orm: MikroORM;
  let clock: FakeClock;
  const config = testConfig({ jobsPollIntervalMs: 60_000 });
  /** Two "replicas" on one database: two services with their own lease owner id. */
  let first: ScheduledJobs;
  let second: ScheduledJobs;
  let runs: Array<{ by: string; at: string }>;

  const job = (by: string, run?: (stopping: AbortSignal) => Promise<void>) => ({
    name: 'test.job',
    intervalMs: 60_000,
    leaseMs: 10 * 60_000,
    run: async (now: Date, stopping: AbortSignal) => {
      runs.push({ by, at: now.toISOString() });
      await run?.(stopping);
    },
  });

  beforeEach(async () => {
    clock = new FakeClock(new Date('2026-11-26T09:00:00.000Z'));
    module = await Test.createTestingModule({
      imports: [testDatabaseModule(config), MikroOrmModule.forFeature([JobLease])],
    }).compile();
    orm = module.get(MikroORM);
    await migrate(orm);
    first = new ScheduledJobs(orm, config, clock);
    second = new ScheduledJobs(orm, config, clock);
    runs = [];
  });
  afterEach(() => module.close());

  it('runs a due job on one replica only, then again one interval later', async () => {
    first.register(job('first'));
    second.register(job('second'));
    expect(await first.runDue()).toEqual(['test.job']);
    expect(await second.runDue()).toEqual([]);
    clock.advance(59_000);
    expect([...(await first.runDue()), ...(await second.runDue())]).toEqual([]);
    clock.advance(1_000);
    expect(await second.runDue()).toEqual(['test.job']);
    expect(await first.runDue()).toEqual([]);
    expect(runs).toEqual([
      { by: 'first', at: '2026-11-26T09:00:00.000Z' },
      { by: 'second', at: '2026-11-26T09:01:00.000Z' },
    ]);
    const lease = await orm.em.fork().findOneOrFail(JobLease, { name: 'test.job' });
    expect(lease).toMatchObject({ leasedBy: null, leasedUntil: null });
    expect(lease.lastSuccessAt?.toISOString()).toBe('2026-11-26T09:01:00.000Z');
  });

  it('never runs a job twice at once, and lets another replica take over a run that outlived its lease (a crash)', async () => {
    let finish: () => void = () => undefined;
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    first.register(
      job('first', () => {
        started();
        return new Promise<void>((resolve) => (finish = resolve));
      }),
    );
    second.register(job('second'));
    const firstRun = first.runDue();
    // The first replica holds the lease once its run has begun (however slow the machine is).
    await running;
    clock.advance(5 * 60_000);
    // Due again by its interval, but the first run still holds the lease.
    expect(await second.runDue()).toEqual([]);
    clock.advance(6 * 60_000);
    expect(await second.runDue()).toEqual(['test.job']);
    finish();
    expect(await firstRun).toEqual(['test.job']);
    expect(runs.map((run) => run.by)).toEqual(['first', 'second']);
  });

  it('tries a failed job again within a minute instead of a whole interval later', async () => {
    let fail = true;
    first.register({
      name: 'daily.job',
      intervalMs: 24 * 3600_000,
      run: async () => {
        runs.push({ by: 'first', at: clock.now().toISOString() });
        if (fail) throw new Error('disk full');
      },
    });
    expect(await first.runDue()).toEqual(['daily.job']);
    fail = false;
    clock.advance(30_000);
    expect(await first.runDue()).toEqual([]);
    clock.advance(30_000);
    expect(await first.runDue()).toEqual(['daily.job']);
    clock.advance(3600_000);
    expect(await first.runDue()).toEqual([]);
    const lease = await orm.em.fork().findOneOrFail(JobLease, { name: 'daily.job' });
    expect(lease.nextRunAt.toISOString()).toBe('2026-11-27T09:01:00.000Z');
  });

  it('refuses two jobs of one name', () => {
    first.register(job('first'));
    expect(() => first.register(job('again'))).toThrow(/registered twice/);
  });

  it('gives the lease back on shutdown after the run in flight ends', async () => {
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    first.register(
      job('first', async () => {
        started();
        await new Promise((r) => setTimeout(r, 50));
      }),
    );
    first.start();
    await running;
    await first.beforeApplicationShutdown();
    const em = orm.em.fork() as EntityManager;
    expect(await em.findOneOrFail(JobLease, { name: 'test.job' })).toMatchObject({ leasedBy: null });
    expect(runs).toHaveLength(1);
  });

  it('tells a job working in batches to stop after the batch under way on shutdown', async () => {
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    let batches = 0;
    first.register(
      job('first', async (stopping) => {
        started();
        // Without the signal this run would go on for six seconds of batches, past the test's limit.
        for (let i = 0; i < 600 && !stopping.aborted; i++) {
          batches++;
          await new Promise((r) => setTimeout(r, 10));
        }
      }),
    );
    first.start();
    await running;
    await first.beforeApplicationShutdown();
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThan(10);
    const em = orm.em.fork() as EntityManager;
    expect(await em.findOneOrFail(JobLease, { name: 'test.job' })).toMatchObject({ leasedBy: null });
  });
});
