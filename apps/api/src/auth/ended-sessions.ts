import { Inject, Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * The sessions (access-token `sid`s, one per login) that ended before their access tokens expire:
 * logout, "log out everywhere", deactivation, a password change, refresh-token reuse. The access
 * token verifier refuses a token whose session is here, so an ended session stops working at once
 * instead of at its token's expiry. An entry is kept for `JWT_ACCESS_TTL`, after which every token
 * of that session has expired anyway, so the set stays small.
 *
 * Kept in this process: with several API replicas, a session ended on one replica still works on
 * the others until its access token expires (the scale-out work shares this set through Redis).
 */
@Injectable()
export class EndedSessions {
  /** Session id -> when its entry may be forgotten, in ms since the epoch. */
  private readonly ended = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records that these sessions ended now. */
  end(sessionIds: readonly string[]): void {
    const now = this.clock.now().getTime();
    for (const [id, forgetAt] of this.ended) if (forgetAt <= now) this.ended.delete(id);
    const forgetAt = now + this.config.jwtAccessTtlSeconds * 1000;
    for (const id of sessionIds) this.ended.set(id, forgetAt);
  }

  /** Whether session `sessionId` ended (and its tokens may still be unexpired). */
  isEnded(sessionId: string): boolean {
    const forgetAt = this.ended.get(sessionId);
    return forgetAt !== undefined && forgetAt > this.clock.now().getTime();
  }
}
