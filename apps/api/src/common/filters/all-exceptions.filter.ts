import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { shapeError } from './error-body';

/**
 * The global exception filter: every error leaves as `{statusCode, error, message, code?, errors?}`
 * (see {@link shapeError}); unexpected ones are logged with the request id, never sent.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, unexpected, headers } = shapeError(exception);
    if (unexpected) {
      this.logger.error(
        `Unexpected error in ${request.method} ${request.url} (request ${request.id})`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (status === 503)
      this.logger.warn(`Database unavailable in ${request.method} ${request.url}: ${String(exception)}`);
    void reply
      .status(status)
      .headers({ ...headers, 'content-type': 'application/json; charset=utf-8' })
      .send(body);
  }
}
