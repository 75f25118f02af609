import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import { INestApplication, Logger } from '@nestjs/common';

import { HealthService } from './health.service';

/** Beyond the grace for requests, how long the rest of the shutdown (outbox, sockets, database) may take, in ms. */
export const REST_OF_SHUTDOWN_MS = 20_000;

/** Requests of socket.io's own transport: long polls, closed with the sockets rather than waited for. */
const SOCKET_IO_PATH = /^\/socket\.io\//;

/**
 * The HTTP requests in flight on a server, so a shutdown can wait for them. socket.io's own
 * requests are left out. Once draining, every response not yet started carries
 * `Connection: close`, so each keep-alive connection closes after its last answer.
 */
export class InFlightRequests {
  private readonly responses = new Set<ServerResponse>();
  private draining = false;
  private idle: (() => void) | null = null;

  constructor(server: Server) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (SOCKET_IO_PATH.test(request.url ?? '')) return;
      this.responses.add(response);
      if (this.draining) response.setHeader('connection', 'close');
      response.once('close', () => {
        this.responses.delete(response);
        if (!this.responses.size) this.idle?.();
      });
    });
  }

  /** How many requests are being answered now. */
  public get size(): number {
    return this.responses.size;
  }

  /**
   * Starts draining and waits until no request is in flight, or `graceMs` have passed.
   * @returns how many requests were still in flight when it stopped waiting (0: all finished)
   */
  public async drain(graceMs: number): Promise<number> {
    this.draining = true;
    for (const response of this.responses)
      if (!response.headersSent) response.setHeader('connection', 'close');
    if (!this.responses.size) return 0;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((done) => {
      this.idle = done;
      timer = setTimeout(done, graceMs);
    });
    clearTimeout(timer);
    this.idle = null;
    return this.responses.size;
  }
}

/** Settings of {@link enableGracefulShutdown}. */
export interface GracefulShutdownOptions {
  /** How long requests in flight may take to finish, in ms (`SHUTDOWN_GRACE`). */
  graceMs: number;
  /**
   * How long to keep accepting requests after the signal while readiness answers 503, in ms
   * (`SHUTDOWN_DELAY`; 0 by default).
   */
  delayMs?: number;
  /** Ends the process (tests replace it); `process.exit` by default. */
  exit?: (code: number) => void;
}

/**
 * Handles SIGTERM and SIGINT (instead of Nest's `enableShutdownHooks`, which re-raises the signal,
 * does not stop accepting before the shutdown hooks run, and waits for requests without a limit):
 * 1. readiness starts answering 503 `SHUTTING_DOWN`; after `delayMs` (during which everything else
 *    is served as usual, so a load balancer probing readiness takes the replica out of rotation
 *    first), the server stops accepting connections and closes its idle keep-alive ones;
 * 2. requests in flight get up to `graceMs` to finish (answered with `Connection: close`); the
 *    connections of those still running then are closed;
 * 3. `app.close()`: the outbox worker stops and hands back its unsent claims, socket.io closes every
 *    connection at the transport level (clients see `transport close` and reconnect by themselves,
 *    through the load balancer to another replica), Fastify and the ORM close;
 * 4. the process exits 0; 1 when a step failed, when the whole took longer than `delayMs` plus `graceMs` plus
 *    {@link REST_OF_SHUTDOWN_MS}, or on a second signal.
 * Call it before `listen` (requests are tracked from then on).
 */
export function enableGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): void {
  const { graceMs, delayMs = 0, exit = (code: number) => process.exit(code) } = options;
  const logger = new Logger('Shutdown');
  const server = app.getHttpServer() as Server;
  const requests = new InFlightRequests(server);
  let started = false;

  const shutDown = async (signal: NodeJS.Signals): Promise<void> => {
    logger.log(
      `${signal}: no new connections; ${requests.size} request(s) in flight get up to ${graceMs} ms to finish`,
    );
    app.get(HealthService, { strict: false }).markShuttingDown();
    if (delayMs) {
      logger.log(`${signal}: readiness answers 503; still accepting for ${delayMs} ms`);
      await new Promise((done) => setTimeout(done, delayMs));
    }
    server.close();
    server.closeIdleConnections();
    const cut = await requests.drain(graceMs);
    if (cut) {
      logger.warn(`${cut} request(s) still running after ${graceMs} ms: closing their connections`);
      server.closeAllConnections();
    }
    await app.close();
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) {
      logger.warn(`${signal} again: exiting without waiting`);
      exit(1);
      return;
    }
    started = true;
    const deadline = setTimeout(
      () => {
        logger.error(`shutdown still running after ${delayMs + graceMs + REST_OF_SHUTDOWN_MS} ms: exiting`);
        exit(1);
      },
      delayMs + graceMs + REST_OF_SHUTDOWN_MS,
    );
    deadline.unref();
    shutDown(signal).then(
      () => {
        clearTimeout(deadline);
        logger.log('stopped');
        exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', error instanceof Error ? error.stack : String(error));
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
