import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';

import { ErrorCode } from '@hd/shared/domain';

/**
 * Rate limit of register, password reset (request and confirm) and password change (per IP and per
 * e-mail, one shared counter, see AuthModule); logins are guarded by `LoginProtection` instead. A refused attempt is a
 * 429 with `Retry-After` in seconds (RFC 9110 section 10.2.3).
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    void reply.header('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new HttpException(
      { message: 'Too many attempts; try again later', code: ErrorCode.RateLimited },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
