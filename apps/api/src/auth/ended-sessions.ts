import { Inject, Injectable, Optional } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';

/** The pub/sub channel on which replicas tell each other which sessions ended. */
const CHANNEL = 'helpdesk:sessions-ended';

/** The Redis key that marks session `sessionId` as ended, until its tokens have expired. */
const endedKey = (sessionId: string): string => `helpdesk:session-ended:${sessionId}`;

/** A message on {@link CHANNEL}: the ended session ids, and when to forget them (ms since the epoch). */
interface SessionsEndedMessage {
  ids: string[];
  forgetAt: number;
}

/**
 * The sessions (access-token `sid`s, one per login) that ended before their access tokens expire:
 * logout, "log out everywhere", deactivation, a password change, refresh-token reuse. The access
 * token verifier refuses a token whose session is here, so an ended session stops working at once
 * instead of at its token's expiry. An entry is kept for `JWT_ACCESS_TTL`, after which every token
 * of that session has expired anyway, so the set stays small.
 *
 * With `REDIS_URL`, an ended session is also written to Redis (a key per session, expiring with
 * the entry) before {@link end} resolves, and published over pub/sub so that every replica records
 * it in memory. A replica that does not know a session as ended asks Redis (one `PTTL`, the
 * only Redis round trip of a request's authentication, at most 1 s when Redis hangs): the key, not
 * the message, is what makes the session end on every replica at once, including one that was
 * not running when the message went out, or has not read it yet. While Redis cannot answer (down,
 * or this replica's connection not ready yet, as just after it starts: it reports not ready at
 * `/api/health/ready` until then), a replica goes by what it knows: a session ended while Redis is
 * down is refused on its own replica at once and on the others at its access token's expiry (the
 * refresh token is revoked in the database either way).
 */
@Injectable()
export class EndedSessions {
  /** Session id -> when its entry may be forgotten, in ms since the epoch. */
  private readonly ended = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(RedisService) private readonly redis?: RedisService,
  ) {
    this.redis?.subscribe(CHANNEL, (message) => this.record(message as SessionsEndedMessage));
  }

  /**
   * Records that these sessions ended now, here at once and, with `REDIS_URL`, for every other
   * replica: resolves once Redis has stored the sessions' keys and passed the message on (or
   * failed to, within 1 s). Never rejects.
   */
  async end(sessionIds: readonly string[]): Promise<void> {
    const ttlMs = this.config.jwtAccessTtlSeconds * 1000;
    const forgetAt = this.clock.now().getTime() + ttlMs;
    this.record({ ids: [...sessionIds], forgetAt });
    if (!sessionIds.length || !this.redis?.enabled) return;
    await Promise.all([
      this.redis.setFlags(sessionIds.map(endedKey), ttlMs),
      this.redis.publish(CHANNEL, { ids: sessionIds, forgetAt }),
    ]);
  }

  /**
   * Whether session `sessionId` ended (and its tokens may still be unexpired): from this process'
   * memory or, with `REDIS_URL`, from Redis; a yes from Redis is remembered for the key's remaining
   * lifetime (at most `JWT_ACCESS_TTL`). Resolves false when Redis cannot tell (see
   * {@link RedisService.remainingMs}); never rejects.
   */
  async isEnded(sessionId: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const forgetAt = this.ended.get(sessionId);
    if (forgetAt !== undefined && forgetAt > now) return true;
    if (!this.redis?.enabled) return false;
    const remainingMs = await this.redis.remainingMs(endedKey(sessionId));
    if (remainingMs <= 0) return false;
    const ttlMs = this.config.jwtAccessTtlSeconds * 1000;
    this.record({ ids: [sessionId], forgetAt: now + Math.min(remainingMs, ttlMs) });
    return true;
  }

  private record(message: SessionsEndedMessage): void {
    if (!Array.isArray(message?.ids) || typeof message.forgetAt !== 'number') return;
    const now = this.clock.now().getTime();
    for (const [id, forgetAt] of this.ended) if (forgetAt <= now) this.ended.delete(id);
    for (const id of message.ids) {
      if (typeof id === 'string') this.ended.set(id, Math.max(this.ended.get(id) ?? 0, message.forgetAt));
    }
  }
}
