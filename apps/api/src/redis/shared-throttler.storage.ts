import type { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

import { RedisService } from './redis.service';

/** What one hit tells the throttler guard (the record type `@nestjs/throttler` does not export). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * `@nestjs/throttler`'s counters: in Redis when `REDIS_URL` is set, so a limit holds across every
 * replica together (`@nest-lab/throttler-storage-redis`); in this process otherwise.
 *
 * While Redis is unreachable each replica counts in its own memory instead (the limit then holds
 * per replica), so a login never fails because Redis is down; the switch is logged once each way.
 *
 * Made by {@link SharedThrottlerStorage.create}, which loads the Redis storage (and with it ioredis)
 * only with `REDIS_URL`.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('Throttler');
  private readonly local = new ThrottlerStorageService();
  private fallingBack = false;

  /** @param shared the counters in Redis, or null to count in this process only */
  constructor(private readonly shared: ThrottlerStorageRedisService | null) {}

  /** The storage for `redis`: in Redis when it is enabled, in this process otherwise (the module's provider). */
  static async create(redis: RedisService): Promise<SharedThrottlerStorage> {
    const client = redis.client;
    if (!client) return new SharedThrottlerStorage(null);
    const { ThrottlerStorageRedisService } = await import('@nest-lab/throttler-storage-redis');
    return new SharedThrottlerStorage(new ThrottlerStorageRedisService(client));
  }

  /**
   * Counts one hit of `key` for throttler `throttlerName` (see `ThrottlerStorage.increment`).
   * @param ttl the window, in ms
   * @param limit hits allowed in the window
   * @param blockDuration how long the key stays blocked past the limit, in ms
   * @returns the hits in the current window and, in ms, when it ends and when a block ends
   */
  public async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.shared) {
      try {
        const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
        if (this.fallingBack) this.logger.log('Rate limits are counted in Redis again');
        this.fallingBack = false;
        return record;
      } catch (error) {
        if (!this.fallingBack) {
          this.logger.warn(
            `Rate limits are counted per replica while Redis does not answer (${(error as Error).message})`,
          );
        }
        this.fallingBack = true;
      }
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  /** Stops the in-process store's sweep timer (Nest calls this at shutdown). */
  public onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }
}
