import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/domain';

import { APP_CONFIG, AppConfig } from '../config/app-config';
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

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs every readiness check at once, each bounded by `DB_TIMEOUT`: the database (`SELECT 1`
   * through the pool the requests use), and, once Redis is supported, Redis when `REDIS_URL` is set.
   * @throws ServiceUnavailableException (503, `DATABASE_UNAVAILABLE` for the database) naming each
   *   dependency that did not answer
   */
  async readiness(): Promise<ReadinessResponse> {
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

  /** The dependencies this configuration needs (a Redis check joins here with `REDIS_URL`). */
  private checks(): ReadinessCheck[] {
    return [
      {
        name: 'database',
        code: ErrorCode.DatabaseUnavailable,
        probe: () => this.em.getConnection().execute('select 1'),
      },
    ];
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
