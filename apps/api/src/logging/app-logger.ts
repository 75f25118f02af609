import { AsyncLocalStorage } from 'node:async_hooks';

import { LoggerService } from '@nestjs/common';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pinoPretty from 'pino-pretty';

/** The pino level each of Nest's log methods writes at. */
type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Header fields never written to the log (Fastify's request serializer would otherwise include them). */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie'];

/** The logger of the request being handled (a child of the root logger carrying `reqId`). */
const requestLogger = new AsyncLocalStorage<FastifyBaseLogger>();

/** `LOG_FORMAT`: `json` lines, `pretty` (coloured, human-readable), or `auto`. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Whether logs are written pretty: `pretty` always, `json` never, `auto` only when standard output
 * is a terminal and `NODE_ENV` is not `production` (a developer's console; services, containers and
 * log collectors get JSON lines without colour codes).
 */
export function usePrettyLogs(
  format: LogFormat,
  output: { isTTY?: boolean } = process.stdout,
  nodeEnv = process.env['NODE_ENV'],
): boolean {
  if (format !== 'auto') return format === 'pretty';
  return Boolean(output.isTTY) && nodeEnv !== 'production';
}

/**
 * Fastify's logger options: pino at `LOG_LEVEL` (`fatal`..`trace`, or `silent` for nothing),
 * authorization and cookie headers redacted; one JSON object a line with no colour codes, or, when
 * {@link usePrettyLogs} says so, the same lines through `pino-pretty` (synchronously, so nothing is
 * lost when the process exits).
 */
export function pinoOptions(
  level: string,
  format: LogFormat = 'json',
): { level: string; redact: string[]; stream?: NodeJS.WritableStream } {
  const options = { level, redact: REDACTED_PATHS };
  if (!usePrettyLogs(format)) return options;
  const stream = pinoPretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
  return { ...options, stream };
}

/**
 * Runs the rest of each request with its own logger in scope, so every line written through
 * {@link AppLogger} while a request is handled carries its `reqId`, as Fastify's own lines do.
 */
export function bindRequestLoggers(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => requestLogger.run(request.log, done));
}

/** Whether a string looks like a stack trace (Nest passes one as the second argument of `error()`). */
function isStack(value: unknown): value is string {
  return typeof value === 'string' && /\n\s+at /.test(value);
}

/**
 * Nest's logger written through the pino instance Fastify uses, so Nest, Fastify, MikroORM (see
 * `createOrmOptions`) and the workers share one format: JSON lines with `level`, `time`, `msg`, and
 * `context` (the Nest logger's name), plus `reqId` when written while a request is handled.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly root: FastifyBaseLogger) {}

  /** Writes at `info`. */
  public log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  /** Writes at `error`; a stack trace among the arguments goes to `stack`. */
  public error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  /** Writes at `warn`. */
  public warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  /** Writes at `debug`. */
  public debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  /** Writes at `trace` (Nest's `verbose`). */
  public verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  /** Writes at `fatal`. */
  public fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  private write(level: PinoLevel, message: unknown, optionalParams: unknown[]): void {
    const logger = requestLogger.getStore() ?? this.root;
    const params = [...optionalParams];
    // Nest's Logger appends its context (the logger's name) as the last argument.
    const last = params[params.length - 1];
    const context = typeof last === 'string' && !isStack(last) ? (params.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    for (const param of params) {
      if (isStack(param)) fields['stack'] = param;
      else if (param instanceof Error) fields['err'] = param;
      else if (param !== undefined) fields['details'] = param;
    }
    if (message instanceof Error) logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) logger[level]({ ...fields, ...message });
    else logger[level](fields, String(message));
  }
}

/**
 * One JSON line in pino's shape at `fatal`, for failures before (or without) a logger, such as
 * invalid configuration at start-up.
 */
export function fatalLine(message: string): string {
  return `${JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, msg: message })}\n`;
}
