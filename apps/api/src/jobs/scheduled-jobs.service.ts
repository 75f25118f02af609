import { randomUUID } from 'node:crypto';

import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';

/** A recurring job, registered with {@link ScheduledJobs.register}. */
export interface ScheduledJob {
  /** Unique name, also the `job` label of `helpdesk_job_runs_total`, e.g. `sla.check`. */
  name: string;
  /** Time between the starts of two runs, in ms (a run that takes longer delays the next one). */
  intervalMs: number;
  /**
   * How long one run may hold the job, in ms (default: 5 minutes). A run still going past it (a
   * crashed replica) lets another replica take the job over, so keep runs well below it.
   */
  leaseMs?: number;
  /**
   * The work; `now` is the clock's time when the run started. `stopping` fires when the process
   * shuts down: a job that works in batches stops after the batch under way (shutdown waits for
   * the run, and an orchestrator kills a process that takes too long: Docker after 10 s). Errors
   * are logged and counted, not thrown.
   */
  run(now: Date, stopping: AbortSignal): Promise<unknown>;
}

/** Default for {@link ScheduledJob.leaseMs}, in ms. */
const DEFAULT_LEASE_MS = 5 * 60_000;

/** After a failed run, the longest wait before the job is tried again, in ms. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Runs recurring jobs (SLA checks, auto-close, clean-up) once per turn across every API process on
 * the database, instead of "every process runs it": each job has a row in `job_leases`
 * ({@link JobLease}); every `JOBS_POLL_INTERVAL` each process tries to take the due jobs with one
 * conditional UPDATE (`next_run_at <= now` and no live lease), which moves `next_run_at` one
 * interval ahead and sets the lease. The database lets one UPDATE win, so exactly one replica runs
 * each turn; the others see 0 rows changed. A replica that dies mid-run leaves its lease to expire
 * (`leaseMs`), after which another replica takes the job. On shutdown the running jobs are awaited
 * and their leases given back.
 *
 * Times come from the injected {@link Clock}, so a test that moves the clock makes a job due.
 */
@Injectable()
export class ScheduledJobs implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ScheduledJobs');
  private readonly jobs = new Map<string, ScheduledJob>();
  /** This process's id in `leased_by`. */
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  /** Fired on shutdown: tells the running job to stop between batches. */
  private readonly stopping = new AbortController();
  /** The poll under way, if any. */
  private polling: Promise<void> | null = null;

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * Adds a job; call it from a provider's constructor or `onModuleInit`, before {@link start}.
   * @throws Error when a job of that name is already registered
   */
  register(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new Error(`scheduled job ${job.name} is registered twice`);
    this.jobs.set(job.name, job);
  }

  /** The names of the registered jobs. */
  get names(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * Starts polling (`createApp` calls it once the migrations have run). Calling it again does
   * nothing.
   */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /**
   * Stops polling, tells the running job to stop after its batch under way, waits for it and
   * gives its lease back.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
  }

  /**
   * Runs every due job this process can take, one after another.
   * @returns the names of the jobs this process ran
   */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs.values()) {
      if (this.stopped) break;
      if (!(await this.claim(job))) continue;
      ran.push(job.name);
      const started = this.clock.now();
      let ok = true;
      try {
        await job.run(started, this.stopping.signal);
      } catch (error) {
        ok = false;
        this.logger.error(
          `job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      this.metrics?.jobRan(job.name, ok ? 'ok' : 'failed');
      await this.release(job, ok).catch((error: unknown) =>
        this.logger.error(
          `job ${job.name}: could not release its lease: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
    return ran;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.runDue()
        .then(
          () => undefined,
          (error: unknown) =>
            this.logger.error(`job poll failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          this.polling = null;
          this.schedule(this.config.jobsPollIntervalMs);
        });
    }, delayMs);
  }

  /**
   * Takes the job for this process if it is due and no live lease holds it (creating its row, due
   * now, the first time).
   * @returns whether this process won the turn
   */
  private async claim(job: ScheduledJob): Promise<boolean> {
    const em = this.orm.em.fork() as EntityManager;
    const platform = em.getPlatform();
    const connection = em.getConnection('write');
    const now = this.clock.now();
    const at = (ms: number): unknown => platform.processDateProperty(new Date(now.getTime() + ms));
    await connection.execute(
      'insert into job_leases (name, next_run_at) values (?, ?) on conflict (name) do nothing',
      [job.name, at(0)],
    );
    const result = await connection.execute<{ affectedRows?: number }>(
      'update job_leases set next_run_at = ?, leased_by = ?, leased_until = ?, last_run_at = ?' +
        ' where name = ? and next_run_at <= ? and (leased_until is null or leased_until < ?)',
      [at(job.intervalMs), this.owner, at(job.leaseMs ?? DEFAULT_LEASE_MS), at(0), job.name, at(0), at(0)],
      'run',
    );
    return (result.affectedRows ?? 0) === 1;
  }

  /**
   * Gives the job's lease back. After a failure the job is due again within {@link RETRY_AFTER_FAILURE_MS}
   * (sooner when its interval is shorter), not a whole interval later.
   */
  private async release(job: ScheduledJob, ok: boolean): Promise<void> {
    const em = this.orm.em.fork() as EntityManager;
    const platform = em.getPlatform();
    const now = this.clock.now();
    const retryAt = new Date(now.getTime() + Math.min(job.intervalMs, RETRY_AFTER_FAILURE_MS));
    await em
      .getConnection('write')
      .execute(
        `update job_leases set leased_by = null, leased_until = null, ${ok ? 'last_success_at' : 'next_run_at'} = ?` +
          ' where name = ? and leased_by = ?',
        [platform.processDateProperty(ok ? now : retryAt), job.name, this.owner],
        'run',
      );
  }
}
