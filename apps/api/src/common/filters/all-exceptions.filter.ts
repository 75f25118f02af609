import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { shapeError } from './error-body';

/**
 * The global exception filter: every error leaves as `{statusCode, error, message, code?, errors?}`
 * (see {@link shapeError}); unexpected ones are logged with the request id, never sent.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, unexpected, headers } = shapeError(exception);
    // The request's own logger: its lines carry the request id (`reqId`), like Fastify's.
    if (unexpected) {
      request.log.error(
        { context: 'Errors', err: exception },
        `Unexpected error in ${request.method} ${request.url}`,
      );
    }
    if (status === 503) {
      request.log.warn(
        { context: 'Errors' },
        `Database unavailable in ${request.method} ${request.url}: ${String(exception)}`,
      );
    }
    void reply
      .status(status)
      .headers({ ...headers, 'content-type': 'application/json; charset=utf-8' })
      .send(body);
  }
}
