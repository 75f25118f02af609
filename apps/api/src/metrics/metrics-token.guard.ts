import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { ErrorCode } from '@hd/shared/domain';

import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Whether an `Authorization` header carries `Bearer <expected>`. Both sides are hashed first, so
 * the comparison takes the same time whatever the header holds (its length included).
 */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  const same = timingSafeEqual(digest(match?.[1] ?? ''), digest(expected));
  return same && match !== null;
}

/**
 * Lets a request through when `METRICS_TOKEN` is unset, or when it sends
 * `Authorization: Bearer <METRICS_TOKEN>`.
 * @throws UnauthorizedException (401 `UNAUTHORIZED`) otherwise
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.config.metricsToken;
    if (!token) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (bearerMatches(request.headers.authorization, token)) return true;
    throw new UnauthorizedException({
      message: 'Send Authorization: Bearer <METRICS_TOKEN>',
      code: ErrorCode.Unauthorized,
    });
  }
}
