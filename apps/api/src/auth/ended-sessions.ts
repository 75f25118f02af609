import { Inject, Injectable, Optional } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';

/** The pub/sub channel on which replicas tell each other which sessions ended. */
const CHANNEL = 'helpdesk:sessions-ended';

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
 * With `REDIS_URL`, a session ended on one replica is published over Redis pub/sub and every
 * replica records it (in memory, so the check on each request stays synchronous). A session ended
 * while Redis is down is refused on its own replica at once and on the others at its access
 * token's expiry (the refresh token is revoked in the database either way).
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
   * Records that these sessions ended now, here at once and, with `REDIS_URL`, on every other
   * replica: resolves once Redis has handed the news to them (or failed to, within 1 s). Never rejects.
   */
  async end(sessionIds: readonly string[]): Promise<void> {
    const forgetAt = this.clock.now().getTime() + this.config.jwtAccessTtlSeconds * 1000;
    this.record({ ids: [...sessionIds], forgetAt });
    if (sessionIds.length) await this.redis?.publish(CHANNEL, { ids: sessionIds, forgetAt });
  }

  /** Whether session `sessionId` ended (and its tokens may still be unexpired). */
  isEnded(sessionId: string): boolean {
    const forgetAt = this.ended.get(sessionId);
    return forgetAt !== undefined && forgetAt > this.clock.now().getTime();
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
