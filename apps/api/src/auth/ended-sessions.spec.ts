import { FakeClock } from '../common/clock';
import { RedisMessageHandler, RedisService } from '../redis/redis.service';
import { testConfig } from '../testing/test-database';
import { EndedSessions } from './ended-sessions';

/**
 * Redis as replicas share it (the edge this test stands in for; `replicas.e2e-spec.ts` runs the
 * real one): every subscriber hears every message, and keys expire by `clock`.
 */
class PubSubBus {
  private readonly handlers = new Map<string, RedisMessageHandler[]>();
  /** Key -> when it expires, in ms since the epoch (`Infinity`: no expiry). */
  readonly keys = new Map<string, number>();
  /** How many times a replica asked for a key's remaining lifetime. */
  lookups = 0;
  /** What a lookup answers instead of the key's lifetime (a Redis that cannot tell answers 0). */
  answer: ((key: string) => number) | null = null;

  constructor(private readonly clock: FakeClock) {}

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
      setFlags: async (keys: string[], ttlMs: number) =>
        keys.forEach((key) => this.keys.set(key, this.clock.now().getTime() + ttlMs)),
      remainingMs: async (key: string) => {
        this.lookups += 1;
        return this.answer?.(key) ?? Math.max((this.keys.get(key) ?? 0) - this.clock.now().getTime(), 0);
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
    expect([await sessions.isEnded('phone'), await sessions.isEnded('laptop')]).toEqual([true, false]);
    clock.advance(config.jwtAccessTtlSeconds * 1000 + 1);
    expect(await sessions.isEnded('phone')).toBe(false);
  });

  it('tells every replica through Redis, which forget the session after the same lifetime', async () => {
    const clock = new FakeClock();
    const bus = new PubSubBus(clock);
    const a = new EndedSessions(clock, config, bus.replica());
    const b = new EndedSessions(clock, config, bus.replica());
    // Redis cannot tell (keys unreadable): B goes by the message alone.
    bus.answer = () => 0;
    await a.end(['phone', 'tablet']);
    const onB = (ids: string[]): Promise<boolean[]> => Promise.all(ids.map((id) => b.isEnded(id)));
    expect(await onB(['phone', 'tablet', 'laptop'])).toEqual([true, true, false]);
    clock.advance(config.jwtAccessTtlSeconds * 1000 + 1);
    expect([await a.isEnded('phone'), await b.isEnded('phone')]).toEqual([false, false]);
  });

  it('is known on a replica that missed the message (started later), until the lifetime is over', async () => {
    const clock = new FakeClock();
    const bus = new PubSubBus(clock);
    await new EndedSessions(clock, config, bus.replica()).end(['phone']);
    clock.advance(60_000);
    const late = new EndedSessions(clock, config, bus.replica());
    expect([await late.isEnded('phone'), await late.isEnded('laptop')]).toEqual([true, false]);
    // A yes is remembered: the next request for that session asks Redis no more.
    const asked = bus.lookups;
    expect(await late.isEnded('phone')).toBe(true);
    expect(bus.lookups).toBe(asked);
    clock.advance(config.jwtAccessTtlSeconds * 1000 - 60_000 + 1);
    expect(await late.isEnded('phone')).toBe(false);
  });

  it('goes by its own memory when Redis cannot tell, and trusts a key without expiry no longer than a token lives', async () => {
    const clock = new FakeClock();
    const bus = new PubSubBus(clock);
    const replica = new EndedSessions(clock, config, bus.replica());
    bus.answer = () => 0;
    bus.keys.set('helpdesk:session-ended:phone', Infinity);
    expect(await replica.isEnded('phone')).toBe(false);
    bus.answer = null;
    expect(await replica.isEnded('phone')).toBe(true);
    // The key outlives every token of the session; the replica's memory of it does not.
    bus.keys.clear();
    clock.advance(config.jwtAccessTtlSeconds * 1000 + 1);
    expect(await replica.isEnded('phone')).toBe(false);
  });

  it('ignores a malformed message from the channel', async () => {
    const clock = new FakeClock();
    const bus = new PubSubBus(clock);
    const b = new EndedSessions(clock, config, bus.replica());
    await bus.replica().publish('helpdesk:sessions-ended', { ids: 'phone' });
    await bus.replica().publish('helpdesk:sessions-ended', null);
    expect(await b.isEnded('phone')).toBe(false);
  });
});
