import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/domain';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { ReadinessChecks, ReadinessResponse } from './health-probes.response';

/** One dependency readiness waits for. */
interface ReadinessCheck {
  /** Its key in {@link ReadinessChecks}. */
  name: keyof ReadinessChecks;
  /** The error code of the 503 when it does not answer. */
  code: ErrorCode;
  /** Resolves when the dependency answers; rejects (or takes longer than `DB_TIMEOUT`) when not. */
  probe(): Promise<unknown>;
}

/** Liveness and readiness for orchestrators and load balancers. */
@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');
  /** The names of the dependencies the last readiness check found down, to log changes only. */
  private lastDown = '';
  /** Set by the graceful shutdown: readiness answers 503 from then on. */
  private shuttingDown = false;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  /**
   * Runs every readiness check at once, each bounded by `DB_TIMEOUT`: the database (`SELECT 1`
   * through the pool the requests use) and, when `REDIS_URL` is set, Redis (`PING`).
   * @throws ServiceUnavailableException (503, `DATABASE_UNAVAILABLE` for the database,
   *   `REDIS_UNAVAILABLE` when only Redis is down) naming each
   *   dependency that did not answer; `SHUTTING_DOWN` once {@link markShuttingDown} was called
   */
  async readiness(): Promise<ReadinessResponse> {
    if (this.shuttingDown) {
      throw new ServiceUnavailableException({
        message: 'Not ready: shutting down, finishing the requests in flight',
        code: ErrorCode.ShuttingDown,
      });
    }
    const checks = this.checks();
    const results = await Promise.allSettled(checks.map((check) => this.bounded(check.probe())));
    const down = checks.filter((_check, i) => results[i].status === 'rejected');
    this.logChange(down.map((check) => check.name).join(', '));
    if (down.length) {
      throw new ServiceUnavailableException({
        message: `Not ready: ${down.map((check) => check.name).join(', ')} not answering`,
        code: down[0].code,
      });
    }
    return {
      status: 'ok',
      checks: Object.fromEntries(checks.map((check) => [check.name, 'up'])) as unknown as ReadinessChecks,
    };
  }

  /**
   * Marks the process as shutting down (SIGTERM received): from now on readiness answers 503
   * `SHUTTING_DOWN`, so a load balancer probing over a kept-alive connection stops sending traffic
   * while the requests in flight finish.
   */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  /** The dependencies this configuration needs: the database, and Redis with `REDIS_URL`. */
  private checks(): ReadinessCheck[] {
    const checks: ReadinessCheck[] = [
      {
        name: 'database',
        code: ErrorCode.DatabaseUnavailable,
        probe: () => this.em.getConnection().execute('select 1'),
      },
    ];
    if (this.redis.enabled) {
      checks.push({ name: 'redis', code: ErrorCode.RedisUnavailable, probe: () => this.redis.ping() });
    }
    return checks;
  }

  /** Logs when readiness changes (not on every probe of an orchestrator polling it). */
  private logChange(down: string): void {
    if (down === this.lastDown) return;
    if (down) this.logger.warn(`Not ready: ${down} not answering`);
    else this.logger.log('Ready again');
    this.lastDown = down;
  }

  private async bounded(probe: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe,
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), this.config.dbTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
