import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

import { ErrorCode } from '@hd/shared/domain';

import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RateLimiters } from '../../redis/rate-limiters';
import { AuthUser } from '../decorators/current-user.decorator';
import { SKIP_RATE_LIMIT_KEY } from '../decorators/skip-rate-limit.decorator';

/** The policy name in the `RateLimit-Policy` and `RateLimit` headers. */
export const RATE_LIMIT_POLICY = 'default';

/**
 * Global guard (after the access token is checked): at most `API_RATE_LIMIT` requests per
 * `API_RATE_WINDOW` per user (per API token for requests made with one; per IP address for
 * anonymous requests), counted across replicas with `REDIS_URL`, as Zendesk, GitHub and Stripe limit their
 * APIs. Every counted response carries the limit as the IETF draft "RateLimit header fields for
 * HTTP" (draft-ietf-httpapi-ratelimit-headers-10) writes it:
 * `RateLimit-Policy: "default";q=600;w=60` (quota, window in s) and
 * `RateLimit: "default";r=<remaining>;t=<seconds until the window resets>`. Past the quota: 429
 * `RATE_LIMITED` with `Retry-After` (s). Health probes and `/metrics` are not counted
 * (`@SkipRateLimit()`); `API_RATE_LIMIT=0` turns the limit off.
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterAbstract | null;
  private readonly windowSeconds: number;
  private readonly policy: string;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    limiters: RateLimiters,
  ) {
    this.windowSeconds = Math.max(1, Math.round(config.apiRateWindowMs / 1000));
    this.limiter = config.apiRateLimit
      ? limiters.create({
          keyPrefix: 'api',
          points: config.apiRateLimit,
          durationSeconds: this.windowSeconds,
        })
      : null;
    this.policy = `"${RATE_LIMIT_POLICY}";q=${config.apiRateLimit};w=${this.windowSeconds}`;
  }

  /**
   * Counts the request and sets the headers.
   * @throws HttpException 429 `RATE_LIMITED` (with `Retry-After`) past the quota
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.limiter || context.getType() !== 'http') return true;
    const skip = this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (skip) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthUser }>();
    const reply = http.getResponse<FastifyReply>();
    const user = request.user;
    const key = user?.apiToken ? `token:${user.apiToken.id}` : user ? `user:${user.id}` : `ip:${request.ip}`;
    let result: RateLimiterRes;
    let refused = false;
    try {
      result = await this.limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      result = rejection;
      refused = true;
    }
    const resetSeconds = Math.max(0, Math.ceil(result.msBeforeNext / 1000));
    void reply.header('RateLimit-Policy', this.policy);
    void reply.header(
      'RateLimit',
      `"${RATE_LIMIT_POLICY}";r=${Math.max(0, result.remainingPoints)};t=${resetSeconds}`,
    );
    if (refused) {
      throw new HttpException(
        {
          message: `Rate limit of ${this.config.apiRateLimit} requests per ${this.windowSeconds} s exceeded; retry after ${Math.max(1, resetSeconds)} s`,
          code: ErrorCode.RateLimited,
          retryAfterSeconds: Math.max(1, resetSeconds),
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }
}
