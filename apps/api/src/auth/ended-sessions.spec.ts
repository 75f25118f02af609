import { FakeClock } from '../common/clock';
import { RedisMessageHandler, RedisService } from '../redis/redis.service';
import { testConfig } from '../testing/test-database';
import { EndedSessions } from './ended-sessions';

/** Redis pub/sub as two replicas share it (the edge this test stands in for): every subscriber hears every message. */
class PubSubBus {
  private readonly handlers = new Map<string, RedisMessageHandler[]>();

  /** The part of {@link RedisService} one replica uses. */
  replica(): RedisService {
    return {
      enabled: true,
      subscribe: (channel: string, handler: RedisMessageHandler) =>
        this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]),
      publish: async (channel: string, message: unknown) => {
        const wire = JSON.parse(JSON.stringify(message));
        (this.handlers.get(channel) ?? []).forEach((handler) => handler(wire));
      },
    } as unknown as RedisService;
  }
}

describe('EndedSessions', () => {
  const config = testConfig();

  it('keeps ended sessions in this process without Redis, for the access-token lifetime', async () => {
    const clock = new FakeClock();
    const sessions = new EndedSessions(clock, config);
    await sessions.end(['phone']);
    expect([sessions.isEnded('phone'), sessions.isEnded('laptop')]).toEqual([true, false]);
    clock.advance(config.jwtAccessTtlSeconds * 1000 + 1);
    expect(sessions.isEnded('phone')).toBe(false);
  });

  it('tells every replica through Redis, which forget the session after the same lifetime', async () => {
    const clock = new FakeClock();
    const bus = new PubSubBus();
    const a = new EndedSessions(clock, config, bus.replica());
    const b = new EndedSessions(clock, config, bus.replica());
    await a.end(['phone', 'tablet']);
    expect([b.isEnded('phone'), b.isEnded('tablet'), b.isEnded('laptop')]).toEqual([true, true, false]);
    clock.advance(config.jwtAccessTtlSeconds * 1000 + 1);
    expect([a.isEnded('phone'), b.isEnded('phone')]).toEqual([false, false]);
  });

  it('ignores a malformed message from the channel', async () => {
    const bus = new PubSubBus();
    const b = new EndedSessions(new FakeClock(), config, bus.replica());
    await bus.replica().publish('helpdesk:sessions-ended', { ids: 'phone' });
    await bus.replica().publish('helpdesk:sessions-ended', null);
    expect(b.isEnded('phone')).toBe(false);
  });
});
