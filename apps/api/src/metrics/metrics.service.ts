import { MikroORM } from '@mikro-orm/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { HttpObserver } from './http-metrics';

/** The outbox as one scrape sees it. */
interface OutboxSnapshot {
  pending: number;
  failed: number;
  /** Seconds since the oldest pending message was queued; 0 when none is pending. */
  oldestPendingAgeSeconds: number;
}

/** The part of knex's tarn pool the gauges read. */
interface TarnPool {
  numUsed(): number;
  numPendingAcquires(): number;
}

/** A MikroORM connection whose knex client may expose its pool (absent before it connects). */
interface PooledConnection {
  getKnex?: () => { client?: { pool?: Partial<TarnPool> | null } };
}

/**
 * The API's Prometheus metrics, in a registry of its own (so tests can build several):
 * - `http_request_duration_seconds` (histogram; `method`, `route` template, `status_code`), fed by
 *   the Fastify hook of `installHttpMetrics`;
 * - `helpdesk_socketio_connections`: open socket.io connections, counted on scrape;
 * - `helpdesk_emails_sent_total`, `helpdesk_emails_failed_total`: e-mail sends by the outbox worker
 *   (a failed one is retried with backoff, so one message may fail several times);
 * - `helpdesk_outbox_pending_messages`, `helpdesk_outbox_failed_messages` (given up),
 *   `helpdesk_outbox_oldest_pending_age_seconds`: read from the database on scrape, bounded by
 *   `DB_TIMEOUT`; NaN when the database does not answer;
 * - `helpdesk_db_pool_connections_in_use`, `helpdesk_db_pool_pending_acquires` (`pool` = `write`,
 *   or `read` summed over the read replicas), where knex's pool is open;
 * - prom-client's default `process_*` and `nodejs_*` metrics: memory, CPU, event loop lag, GC.
 */
@Injectable()
export class MetricsService implements HttpObserver {
  /** The registry `GET /metrics` renders. */
  public readonly registry = new Registry();

  private readonly logger = new Logger('Metrics');
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly emailsSent: Counter;
  private readonly emailsFailed: Counter;
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly slaBreaches: Counter<'target'>;
  private countSockets: (() => number) | null = null;
  /** The outbox query of the scrape under way, shared by the three outbox gauges. */
  private outboxQuery: Promise<OutboxSnapshot | null> | null = null;

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the arrival of an HTTP request to the end of its response, in seconds, by route template',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.emailsSent = new Counter({
      name: 'helpdesk_emails_sent_total',
      help: 'E-mails the outbox worker handed to the SMTP server (or wrote to the mail directory)',
      registers,
    });
    this.emailsFailed = new Counter({
      name: 'helpdesk_emails_failed_total',
      help: 'E-mail sends that failed (each is retried with backoff, and given up after a day)',
      registers,
    });
    this.jobRuns = new Counter({
      name: 'helpdesk_job_runs_total',
      help: 'Runs of the recurring jobs by this process (each turn runs on one replica only), by outcome (ok, failed)',
      labelNames: ['job', 'outcome'],
      registers,
    });
    this.slaBreaches = new Counter({
      name: 'helpdesk_sla_breaches_total',
      help: 'SLA targets that passed their due time unmet, as the sla.check job raised them (once per ticket and target, across replicas), by target (first_response, resolution)',
      labelNames: ['target'],
      registers,
    });
    const sockets = (): number => this.countSockets?.() ?? 0;
    new Gauge({
      name: 'helpdesk_socketio_connections',
      help: 'Open socket.io connections (authenticated)',
      registers,
      collect() {
        this.set(sockets());
      },
    });
    const outbox = (): Promise<OutboxSnapshot | null> => this.outboxSnapshot();
    const outboxGauge = (name: string, help: string, value: (snapshot: OutboxSnapshot) => number) =>
      new Gauge({
        name,
        help: `${help}; NaN when the database did not answer within DB_TIMEOUT`,
        registers,
        async collect() {
          const snapshot = await outbox();
          this.set(snapshot ? value(snapshot) : Number.NaN);
        },
      });
    outboxGauge(
      'helpdesk_outbox_pending_messages',
      'E-mails waiting to be sent (due, retrying or being sent)',
      (s) => s.pending,
    );
    outboxGauge(
      'helpdesk_outbox_failed_messages',
      'E-mails given up after retrying for a day',
      (s) => s.failed,
    );
    outboxGauge(
      'helpdesk_outbox_oldest_pending_age_seconds',
      'Seconds since the oldest e-mail still waiting was queued (0 when none is waiting)',
      (s) => s.oldestPendingAgeSeconds,
    );
    const pools = (): Array<{ pool: string; tarn: TarnPool }> => this.pools();
    const poolGauge = (name: string, help: string, value: (tarn: TarnPool) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'],
        registers,
        collect() {
          this.reset();
          const totals = new Map<string, number>();
          for (const { pool, tarn } of pools()) totals.set(pool, (totals.get(pool) ?? 0) + value(tarn));
          for (const [pool, total] of totals) this.set({ pool }, total);
        },
      });
    poolGauge(
      'helpdesk_db_pool_connections_in_use',
      'Database connections lent out by the pool (write: the primary or SQLite writer; read: the read replicas)',
      (tarn) => tarn.numUsed(),
    );
    poolGauge(
      'helpdesk_db_pool_pending_acquires',
      'Requests waiting for a database connection from the pool',
      (tarn) => tarn.numPendingAcquires(),
    );
  }

  /** The `Content-Type` of {@link scrape}'s text (Prometheus text format 0.0.4). */
  public get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus text format; never rejects for a database that does not answer. */
  public scrape(): Promise<string> {
    return this.registry.metrics();
  }

  /** Records one answered HTTP request (see {@link HttpObserver.observeHttp}). */
  public observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** Counts an e-mail handed over for delivery. */
  public emailSent(): void {
    this.emailsSent.inc();
  }

  /** Counts one run of the recurring job `job` (see `ScheduledJobs`) that ended with `outcome`. */
  public jobRan(job: string, outcome: 'ok' | 'failed'): void {
    this.jobRuns.inc({ job, outcome });
  }

  /** Counts one SLA breach raised by this process (`target`: `first_response` or `resolution`). */
  public slaBreached(target: string): void {
    this.slaBreaches.inc({ target });
  }

  /** Counts a failed e-mail send (to be retried or given up). */
  public emailFailed(): void {
    this.emailsFailed.inc();
  }

  /** Tells the socket gauge how to count open connections (the gateway calls it once its server exists). */
  public countSocketsWith(count: () => number): void {
    this.countSockets = count;
  }

  private outboxSnapshot(): Promise<OutboxSnapshot | null> {
    this.outboxQuery ??= this.queryOutbox().finally(() => (this.outboxQuery = null));
    return this.outboxQuery;
  }

  /** Reads the outbox's counts; null (and a debug line) when the database fails or is slower than `DB_TIMEOUT`. */
  private async queryOutbox(): Promise<OutboxSnapshot | null> {
    const em = this.orm.em.fork();
    const pending = { nextAttemptAt: { $ne: null } };
    let timer: NodeJS.Timeout | undefined;
    try {
      const [pendingCount, failed, oldest] = await Promise.race([
        Promise.all([
          em.count(OutboxMessage, pending),
          em.count(OutboxMessage, { failedAt: { $ne: null } }),
          em.findOne(OutboxMessage, pending, { orderBy: { createdAt: 'asc' }, fields: ['createdAt'] }),
        ]),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), this.config.dbTimeoutMs);
        }),
      ]);
      return {
        pending: pendingCount,
        failed,
        oldestPendingAgeSeconds: oldest
          ? Math.max(0, (this.clock.now().getTime() - oldest.createdAt.getTime()) / 1000)
          : 0,
      };
    } catch (error) {
      this.logger.debug(`outbox metrics skipped: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** knex's pools of the write connection and of every read replica, where open. */
  private pools(): Array<{ pool: string; tarn: TarnPool }> {
    const driver = this.orm.em.getDriver();
    // MikroORM keeps its read replicas in a protected field; without it only `write` is reported.
    const replicas = (driver as unknown as { replicas?: unknown }).replicas;
    const connections: Array<[string, unknown]> = [
      ['write', driver.getConnection('write')],
      ...(Array.isArray(replicas) ? replicas.map((replica): [string, unknown] => ['read', replica]) : []),
    ];
    const found: Array<{ pool: string; tarn: TarnPool }> = [];
    for (const [pool, connection] of connections) {
      const tarn = (connection as PooledConnection).getKnex?.().client?.pool;
      if (typeof tarn?.numUsed === 'function' && typeof tarn.numPendingAcquires === 'function')
        found.push({ pool, tarn: tarn as TarnPool });
    }
    return found;
  }
}
