import { Global, Module } from '@nestjs/common';

import { APP_CONFIG } from '../config/app-config';
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
  providers: [
    RateLimiters,
    { provide: RedisService, inject: [APP_CONFIG], useFactory: RedisService.create },
    { provide: SharedThrottlerStorage, inject: [RedisService], useFactory: SharedThrottlerStorage.create },
  ],
})
export class RedisModule {}
