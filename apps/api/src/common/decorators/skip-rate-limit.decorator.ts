import { SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link SkipRateLimit}. */
export const SKIP_RATE_LIMIT_KEY = 'skipRateLimit';

/**
 * Leaves a handler or controller out of the general per-user request limit (`ApiRateLimitGuard`):
 * health probes and the metrics scrape, which infrastructure calls on a schedule.
 */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_RATE_LIMIT_KEY, true);
