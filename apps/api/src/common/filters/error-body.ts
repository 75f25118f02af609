import { HttpException } from '@nestjs/common';
import {
  ConnectionException,
  ForeignKeyConstraintViolationException,
  LockWaitTimeoutException,
  NotFoundError,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';

import { ErrorCode, ErrorResponse } from '@hd/shared/domain';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const DEFAULT_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  412: ErrorCode.PreconditionFailed,
  405: ErrorCode.MethodNotAllowed,
  413: ErrorCode.PayloadTooLarge,
  414: ErrorCode.UriTooLong,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
};

/** Fastify's own errors (body parsing, limits), keyed by their `code`. */
const FASTIFY_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: ErrorCode.MalformedJson,
    message: 'Request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: ErrorCode.MalformedJson,
    message: 'Request body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: ErrorCode.PayloadTooLarge,
    message: 'Request body is larger than 1 MB',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: ErrorCode.UnsupportedMediaType,
    message: 'Send the request body as application/json',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: ErrorCode.BadRequest,
    message: 'The URL has an invalid percent-encoding',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: ErrorCode.UriTooLong,
    message: 'A path segment of the URL is too long',
  },
};

/** What the error filter sends: the status, the JSON body, and whether the error was unexpected (to log). */
export interface ShapedError {
  status: number;
  body: ErrorResponse;
  unexpected: boolean;
  /** Extra response headers (`Retry-After` for a database outage). */
  headers?: Record<string, string>;
}

/** Seconds a client should wait before retrying when the database is unavailable. */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * Driver and pool errors that mean the database cannot be reached or did not answer in time, as
 * opposed to a bad request: refused or dropped connections, connection and statement time-outs
 * (PostgreSQL 57014 query_canceled, 57P01-57P03 shutting down or cannot connect now, 08xxx
 * connection exceptions), SQLite's lock time-out and its interrupted statements (the statement
 * time limit of the read connections), and knex's pool time-out.
 */
export function isDatabaseUnavailable(exception: unknown): boolean {
  if (exception instanceof ConnectionException || exception instanceof LockWaitTimeoutException) return true;
  const error = exception as { name?: string; code?: string; message?: string } | null;
  if (!error || typeof error !== 'object') return false;
  if (error.name === 'KnexTimeoutError') return true;
  const code = String(error.code ?? '');
  if (
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|SQLITE_BUSY|SQLITE_INTERRUPT|57014|57P0[123]|08\w{3})$/.test(
      code,
    )
  )
    return true;
  // Knex's pool time-out also reaches here inside MikroORM's DriverException, which keeps only its message.
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Timeout acquiring a connection/i.test(
    error.message ?? '',
  );
}

/**
 * Turns anything thrown while handling a request into the one error shape of the API,
 * `{statusCode, error, message, code?, errors?}`. Nest exceptions keep their status, MikroORM's
 * `NotFoundError` becomes 404 and constraint violations 409, Fastify's parser errors their 4xx;
 * anything else is a 500 whose body tells nothing of the internals.
 */
export function shapeError(exception: unknown): ShapedError {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const fields =
      typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const rawMessage = typeof response === 'string' ? response : fields['message'];
    const message = Array.isArray(rawMessage)
      ? rawMessage.join('; ')
      : String(rawMessage ?? exception.message);
    const body: ErrorResponse = {
      statusCode: status,
      error: REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error'),
      message: status === 429 && !fields['code'] ? 'Too many attempts; try again later' : message,
    };
    const code = (fields['code'] as string | undefined) ?? DEFAULT_CODES[status];
    if (code) body.code = code;
    if (fields['errors']) body.errors = fields['errors'] as Record<string, string[]>;
    // A refusal under load (503 SERVER_BUSY) says when to come back, and is not a fault to log.
    const retryAfter = fields['retryAfterSeconds'];
    if (typeof retryAfter === 'number') {
      return { status, body, unexpected: false, headers: { 'Retry-After': String(retryAfter) } };
    }
    return { status, body, unexpected: status >= 500 };
  }
  if (exception instanceof NotFoundError) {
    return make(404, ErrorCode.NotFound, 'Not found');
  }
  if (exception instanceof OptimisticLockError) {
    // Two changes of one ticket at the same moment: the later one is refused, not silently lost.
    return make(409, ErrorCode.Conflict, 'It changed at the same moment; reload it and try again');
  }
  if (exception instanceof UniqueConstraintViolationException) {
    return make(409, ErrorCode.Conflict, 'This conflicts with an existing record');
  }
  if (exception instanceof ForeignKeyConstraintViolationException) {
    return make(409, ErrorCode.Conflict, 'This refers to a record that does not exist or is still in use');
  }
  if (isDatabaseUnavailable(exception) || isDatabaseUnavailable((exception as { cause?: unknown })?.cause)) {
    return {
      ...make(503, ErrorCode.DatabaseUnavailable, 'The database is unavailable; try again shortly'),
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
    };
  }
  const fastify = exception as { code?: string; statusCode?: number; message?: string };
  const known = fastify?.code ? FASTIFY_ERRORS[fastify.code] : undefined;
  if (known) return make(known.status, known.code, known.message);
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    // Fastify's own errors keep their status, with the API's codes and wording (no FST_ codes leak).
    return make(
      fastify.statusCode,
      DEFAULT_CODES[fastify.statusCode] ?? ErrorCode.BadRequest,
      fastify.code?.startsWith('FST_')
        ? (REASONS[fastify.statusCode] ?? 'Bad request')
        : (fastify.message ?? 'Bad request'),
    );
  }
  return {
    ...make(500, ErrorCode.InternalError, 'Something went wrong on our side; it has been logged'),
    unexpected: true,
  };
}

function make(status: number, code: ErrorCode, message: string): ShapedError {
  return {
    status,
    body: { statusCode: status, error: REASONS[status] ?? 'Error', message, code },
    unexpected: false,
  };
}
