import { testConfig } from '../testing/test-database';
import { RedisService } from './redis.service';
import { SharedThrottlerStorage } from './shared-throttler.storage';

describe('SharedThrottlerStorage', () => {
  const count = async (storage: SharedThrottlerStorage, hits: number): Promise<boolean[]> => {
    const blocked: boolean[] = [];
    for (let i = 0; i < hits; i++) {
      blocked.push((await storage.increment('auth:ip:10.0.0.1', 60_000, 2, 60_000, 'ip')).isBlocked);
    }
    return blocked;
  };

  it('counts in this process without REDIS_URL', async () => {
    const redis = await RedisService.create(testConfig({ redisUrl: '' }));
    const storage = await SharedThrottlerStorage.create(redis);
    expect(redis.enabled).toBe(false);
    expect(await count(storage, 3)).toEqual([false, false, true]);
    storage.onApplicationShutdown();
  });

  it('falls back to counting in this process while Redis does not answer, instead of failing', async () => {
    // Port 1: nothing listens, the connection is refused.
    const redis = await RedisService.create(testConfig({ redisUrl: 'redis://127.0.0.1:1' }));
    const storage = await SharedThrottlerStorage.create(redis);
    expect(redis.enabled).toBe(true);
    expect(await count(storage, 3)).toEqual([false, false, true]);
    await expect(redis.ping()).rejects.toThrow();
    await expect(redis.publish('helpdesk:test', { any: 'thing' })).resolves.toBeUndefined();
    storage.onApplicationShutdown();
    await redis.onApplicationShutdown();
  });
});
