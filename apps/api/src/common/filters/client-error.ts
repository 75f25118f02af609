import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import { ErrorCode } from '@hd/shared/domain';

/** What Node's HTTP parser reports for a request it could not read, answered in the API's error shape. */
const CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: ErrorCode.HeadersTooLarge,
    message: `The request's headers are larger than ${maxHeaderSize} bytes.`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: ErrorCode.RequestTimeout,
    message: 'The request did not arrive in time.',
  },
};

/**
 * Fastify's `clientErrorHandler`: answers what Node's HTTP parser refuses before any route runs
 * (headers over `maxHeaderSize` (16 KiB by default) are 431 `HEADERS_TOO_LARGE`, a request that
 * does not arrive within the server's `requestTimeout` is 408 `REQUEST_TIMEOUT`, anything else that
 * is not HTTP/1.1 (RFC 9112) is 400 `BAD_REQUEST`) with the same JSON body as every other error,
 * `{statusCode, error, message, code}`, then closes the connection: after a parse error nothing
 * more can be read from it. A connection the client already reset gets nothing.
 * @param error the parser's error (its `code`, e.g. `HPE_HEADER_OVERFLOW`)
 * @param socket the client's connection
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: ErrorCode.BadRequest,
    message: 'The request is not valid HTTP/1.1.',
  };
  const reason = STATUS_CODES[known.status] ?? 'Bad Request';
  const body = JSON.stringify({
    statusCode: known.status,
    error: reason,
    message: known.message,
    code: known.code,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
