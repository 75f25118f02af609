import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

import { RedisService } from './redis.service';

/** What a counter is for: its key prefix, and how many points it allows in how long. */
export interface RateLimiterOptions {
  /** Key prefix in Redis, e.g. `login-fail-ip`. */
  keyPrefix: string;
  /** Points (hits) allowed per window. */
  points: number;
  /** The window, in seconds. */
  durationSeconds: number;
}

/**
 * Makes `rate-limiter-flexible` counters: in Redis with `REDIS_URL` (so a limit holds across every
 * replica together), each backed by an in-process "insurance" counter that takes over while Redis
 * does not answer (a request never fails because Redis is down; the limit then holds per replica);
 * in this process without Redis.
 */
@Injectable()
export class RateLimiters {
  constructor(private readonly redis: RedisService) {}

  /** A counter with `options`; see the class comment for where it counts. */
  create(options: RateLimiterOptions): RateLimiterAbstract {
    const settings = {
      keyPrefix: `helpdesk:${options.keyPrefix}`,
      points: options.points,
      duration: options.durationSeconds,
    };
    const memory = new RateLimiterMemory(settings);
    const client = this.redis.client;
    return client
      ? new RateLimiterRedis({ ...settings, storeClient: client, insuranceLimiter: memory })
      : memory;
  }
}
