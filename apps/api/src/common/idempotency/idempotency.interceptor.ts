import { createHash } from 'node:crypto';

import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  BadRequestException,
  CallHandler,
  ConflictException,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, catchError, from, mergeMap, of } from 'rxjs';

import { ErrorCode } from '@hd/shared/domain';

import { Clock } from '../clock';
import { AuthUser } from '../decorators/current-user.decorator';
import { IdempotencyKey } from './idempotency-key.entity';

/** How long a key's answer is replayed, in ms (24 hours, as Stripe does). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** An `Idempotency-Key`: 1 to 255 visible ASCII characters (a UUID is typical). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The Swagger description of the `Idempotency-Key` request header. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A unique key for this creation (e.g. a UUID). Sent again by the same user within 24 h, it returns the first ' +
    'answer (with `Idempotent-Replayed: true`) instead of creating twice; with another body it is a 422.',
};

/**
 * Makes a creating endpoint idempotent per `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header):
 * the first request with a key claims it (a unique row per user, endpoint and key), runs, and stores
 * its answer; the same key from the same user on the same endpoint within 24 hours gets that answer
 * again. A failed request releases its key, so the client can retry it.
 * @throws BadRequestException 400 `VALIDATION_FAILED` for a malformed key
 * @throws ConflictException 409 `IDEMPOTENCY_KEY_IN_USE` while the first request with the key is still running
 * @throws HttpException 422 `IDEMPOTENCY_KEY_REUSED` for the key sent with another body
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: AuthUser }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.user) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!KEY_PATTERN.test(key)) {
      const message = 'Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID';
      throw new BadRequestException({
        message,
        code: ErrorCode.ValidationFailed,
        errors: { 'Idempotency-Key': [message] },
      });
    }
    const where = { userId: request.user.id, scope: `${request.method} ${request.url.split('?')[0]}`, key };
    const requestHash = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const em = this.orm.em.fork();
    const now = this.clock.now();
    const existing = await em.findOne(IdempotencyKey, where);
    if (existing && existing.createdAt.getTime() > now.getTime() - IDEMPOTENCY_WINDOW_MS) {
      return of(this.replay(existing, requestHash, http.getResponse<FastifyReply>()));
    }
    if (existing) await em.nativeDelete(IdempotencyKey, { id: existing.id });
    try {
      await em.insert(IdempotencyKey, { ...where, requestHash, createdAt: now });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw inUse();
      throw error;
    }
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const statusCode = request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK;
        await em.nativeUpdate(IdempotencyKey, where, {
          statusCode,
          responseBody: JSON.stringify(body ?? null),
        });
        return body;
      }),
      catchError((error: unknown) =>
        from(em.nativeDelete(IdempotencyKey, where)).pipe(
          mergeMap(() => {
            throw error;
          }),
        ),
      ),
    );
  }

  private replay(stored: IdempotencyKey, requestHash: string, reply: FastifyReply): unknown {
    if (stored.requestHash !== requestHash) {
      throw new HttpException(
        {
          message: 'This Idempotency-Key was used with another request body; use a new key for a new request',
          code: ErrorCode.IdempotencyKeyReused,
        },
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    if (stored.statusCode === null) throw inUse();
    void reply.header('idempotent-replayed', 'true');
    return JSON.parse(stored.responseBody ?? 'null') as unknown;
  }
}

function inUse(): ConflictException {
  return new ConflictException({
    message: 'A request with this Idempotency-Key is still being processed; retry shortly',
    code: ErrorCode.IdempotencyKeyInUse,
  });
}
