import { EntityManager } from '@mikro-orm/knex';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { PasswordToken } from '../auth/password-token.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { IDEMPOTENCY_WINDOW_MS } from '../common/idempotency/idempotency.interceptor';
import { ScheduledJobs } from './scheduled-jobs.service';

/** How often {@link PurgeExpiredJob} runs, in ms (hourly). */
export const PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * How long past its expiry a refresh or password token is kept, in ms (a day): a refresh token
 * presented again after its rotation must still be recognised to revoke its family (RFC 9700
 * section 4.14.2), which only matters until it expires anyway.
 */
const TOKEN_KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60_000;

/**
 * The `maintenance.purge` job (hourly, once across replicas): deletes refresh and password tokens
 * a day past their expiry and idempotency keys older than their 24-hour replay window, so these
 * tables do not grow without end.
 */
@Injectable()
export class PurgeExpiredJob implements OnModuleInit {
  private readonly logger = new Logger('PurgeExpiredJob');

  constructor(
    private readonly jobs: ScheduledJobs,
    private readonly em: EntityManager,
  ) {}

  /** Registers the job with {@link ScheduledJobs}. */
  onModuleInit(): void {
    this.jobs.register({
      name: 'maintenance.purge',
      intervalMs: PURGE_INTERVAL_MS,
      run: (now) => this.run(now),
    });
  }

  /**
   * Deletes what expired before `now`.
   * @returns how many rows of each kind were deleted
   */
  async run(now: Date): Promise<{ refreshTokens: number; passwordTokens: number; idempotencyKeys: number }> {
    const em = this.em.fork();
    const tokensBefore = new Date(now.getTime() - TOKEN_KEEP_AFTER_EXPIRY_MS);
    const refreshTokens = await em.nativeDelete(RefreshToken, { expiresAt: { $lt: tokensBefore } });
    const passwordTokens = await em.nativeDelete(PasswordToken, { expiresAt: { $lt: tokensBefore } });
    const idempotencyKeys = await em.nativeDelete(IdempotencyKey, {
      createdAt: { $lt: new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS) },
    });
    const total = refreshTokens + passwordTokens + idempotencyKeys;
    if (total) {
      this.logger.log(
        `purged ${refreshTokens} refresh tokens, ${passwordTokens} password tokens and ${idempotencyKeys} idempotency keys`,
      );
    }
    return { refreshTokens, passwordTokens, idempotencyKeys };
  }
}
