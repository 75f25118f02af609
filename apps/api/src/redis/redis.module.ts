import { Global, Module } from '@nestjs/common';

import { RateLimiters } from './rate-limiters';
import { RedisService } from './redis.service';
import { SharedThrottlerStorage } from './shared-throttler.storage';

/**
 * The optional Redis shared by API replicas (`REDIS_URL`): {@link RedisService} and the login
 * rate limit's {@link SharedThrottlerStorage}, to every module.
 */
@Global()
@Module({
  exports: [RateLimiters, RedisService, SharedThrottlerStorage],
  providers: [RateLimiters, RedisService, SharedThrottlerStorage],
})
export class RedisModule {}
