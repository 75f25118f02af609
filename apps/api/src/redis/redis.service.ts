import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';

import type { AppConfig } from '../config/app-config';

/** Longest wait for one Redis command, in ms, before it fails (and the caller falls back). */
const COMMAND_TIMEOUT_MS = 1000;

/** Reconnection delay after the `attempt`th failed try, in ms: 100 ms more each time, at most 2 s. */
const retryDelay = (attempt: number): number => Math.min(attempt * 100, 2000);

/** Something a replica tells the others over Redis pub/sub (JSON-encoded on the wire). */
export type RedisMessageHandler = (message: unknown) => void;

/**
 * The optional Redis that several API replicas share (`REDIS_URL`). Without it `enabled` is false,
 * every method is a no-op and the API keeps its state in-process.
 *
 * With it: one connection for commands ({@link client}, failing fast when Redis is down rather than
 * queueing, so callers fall back), one for pub/sub between replicas ({@link publish} /
 * {@link subscribe}), and more for socket.io's adapter ({@link createConnection}). ioredis
 * reconnects each of them by itself (and re-subscribes); an outage is logged once when it starts
 * and once when it ends, not on every retry.
 *
 * Made by {@link RedisService.create}, which loads ioredis only with `REDIS_URL` (about 0.1 s of
 * start-up and 17 MB that a single instance does without).
 */
export class RedisService implements OnApplicationShutdown {
  /** Whether `REDIS_URL` is set. */
  public readonly enabled: boolean;
  private readonly logger = new Logger('Redis');
  private readonly connections: Redis[] = [];
  private readonly handlers = new Map<string, Set<RedisMessageHandler>>();
  private commands: Redis | null = null;
  private subscriber: Redis | null = null;
  /** Whether the command connection was ever ready and is not now (an outage is being logged). */
  private down = false;

  /**
   * @param ioredis ioredis' client class; required with `REDIS_URL` (see {@link RedisService.create})
   * @throws Error when `REDIS_URL` is set and `ioredis` is not given
   */
  constructor(
    private readonly config: AppConfig,
    private readonly ioredis: typeof Redis | null = null,
  ) {
    this.enabled = Boolean(config.redisUrl);
    if (this.enabled && !ioredis) throw new Error('REDIS_URL is set but the Redis client was not loaded');
  }

  /**
   * The service for `config`: with `REDIS_URL`, ioredis loaded first; without, nothing loaded.
   * The provider of {@link RedisService} in `RedisModule`.
   */
  static async create(config: AppConfig): Promise<RedisService> {
    return new RedisService(config, config.redisUrl ? (await import('ioredis')).default : null);
  }

  /**
   * The connection for commands, or null without `REDIS_URL`. Commands sent while it is not
   * connected reject at once (no offline queue), and any command rejects after 1 s.
   */
  public get client(): Redis | null {
    if (!this.enabled) return null;
    if (!this.commands) {
      this.commands = this.createConnection('commands', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: COMMAND_TIMEOUT_MS,
      });
      this.commands.on('ready', () => {
        if (this.down) this.logger.log(`Redis at ${this.address()} is reachable again`);
        this.down = false;
      });
      this.commands.on('error', (error: Error) => {
        if (this.down) return;
        this.down = true;
        this.logger.warn(
          `Redis at ${this.address()} is unreachable (${error.message}): rate limits and caches fall ` +
            'back to this process and real-time events reach only its own sockets until it is back',
        );
      });
    }
    return this.commands;
  }

  /**
   * A new connection to `REDIS_URL` (closed at shutdown), reconnecting by itself; its errors are
   * reported through the command connection's outage log only.
   * @param name shown in Redis' `CLIENT LIST` as `helpdesk-<name>`
   * @param options ioredis options that override the defaults (offline queue on, retries forever)
   * @throws Error without `REDIS_URL`
   */
  public createConnection(name: string, options: RedisOptions = {}): Redis {
    if (!this.config.redisUrl || !this.ioredis) throw new Error('REDIS_URL is not set');
    const connection = new this.ioredis(this.config.redisUrl, {
      connectionName: `helpdesk-${name}`,
      retryStrategy: retryDelay,
      maxRetriesPerRequest: null,
      // ioredis sends CLIENT SETINFO once it has read its own package.json; a SUBSCRIBE queued
      // before that makes Redis refuse it, and the connection comes back without its subscriptions.
      disableClientInfo: true,
      ...options,
    });
    // Without a listener ioredis prints every failed reconnection; the outage is logged once instead.
    connection.on('error', () => undefined);
    this.connections.push(connection);
    return connection;
  }

  /**
   * Tells every replica (this one included, when it subscribed) `message`; nothing happens without
   * `REDIS_URL`, and a Redis outage loses the message (the outage is logged once; a message lost
   * while the connection is up, e.g. after 1 s without an answer, is logged as a warning).
   * @param channel a name from the subscriber's {@link subscribe}
   * @param message anything `JSON.stringify` accepts
   * @returns resolves once Redis has passed the message on to the subscribed replicas, or when it
   *   could not (at once when disconnected, after 1 s without an answer); never rejects
   */
  public async publish(channel: string, message: unknown): Promise<void> {
    const client = this.client;
    if (!client) return;
    await client
      .publish(channel, JSON.stringify(message))
      .catch((error: Error) => this.commandFailed(`PUBLISH ${channel}`, error));
  }

  /**
   * Sets each of `keys` (to `1`) for `ttlMs` ms, in one round trip; nothing happens without
   * `REDIS_URL`. A failure is logged as {@link publish}'s are.
   * @returns resolves once Redis has stored them, or when it could not (at once when disconnected,
   *   after 1 s without an answer); never rejects
   */
  public async setFlags(keys: readonly string[], ttlMs: number): Promise<void> {
    const client = this.client;
    if (!client || !keys.length) return;
    const pipeline = client.pipeline();
    for (const key of keys) pipeline.set(key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)));
    // exec() answers [error, result] per command; it rejects only when the pipeline could not be sent.
    const results = await pipeline.exec().catch((error: Error) => [[error, null] as const]);
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) this.commandFailed(`SET of ${keys.length} key(s)`, failed);
  }

  /**
   * How long `key` lives on, in ms (`PTTL`): 0 when it is not set, and when Redis cannot tell
   * (no `REDIS_URL`; at once while the connection is not ready, starting or reconnecting; after
   * 1 s without an answer), so callers then go by what their own process knows; `Infinity` for a
   * key without expiry. Never rejects.
   */
  public async remainingMs(key: string): Promise<number> {
    const client = this.client;
    if (!client) return 0;
    const ms = await client.pttl(key).catch(() => -2);
    return ms === -1 ? Infinity : Math.max(ms, 0);
  }

  /**
   * Calls `handler` with each message published on `channel` by any replica (including this one),
   * from now on; nothing happens without `REDIS_URL`. Messages published while Redis is down are
   * lost; the subscription comes back by itself when it reconnects.
   */
  public subscribe(channel: string, handler: RedisMessageHandler): void {
    if (!this.enabled) return;
    if (!this.subscriber) {
      this.subscriber = this.createConnection('subscriber');
      this.subscriber.on('message', (from: string, text: string) => this.dispatch(from, text));
    }
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      this.subscriber.subscribe(channel).catch(() => undefined);
    }
    handlers.add(handler);
  }

  /**
   * Resolves when Redis answers `PING` (for readiness).
   * @throws Error when Redis is not configured, not connected or does not answer within 1 s
   */
  public async ping(): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('REDIS_URL is not set');
    await client.ping();
  }

  /** Closes every connection (Nest calls this at shutdown); one that is not connected is dropped at once. */
  public async onApplicationShutdown(): Promise<void> {
    const closing = this.connections.map(async (connection) => {
      if (connection.status !== 'ready') return connection.disconnect();
      await connection.quit().catch(() => connection.disconnect());
    });
    this.connections.length = 0;
    await Promise.all(closing);
  }

  private dispatch(channel: string, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch (error) {
        this.logger.error(`A handler of ${channel} failed: ${(error as Error).message}`);
      }
    }
  }

  /**
   * Logs a command that failed on a ready connection (no answer within 1 s, an error reply). One
   * refused because the connection is not ready (an outage, or Redis unreachable since start-up) is
   * not logged: the outage's start and end are, once each.
   */
  private commandFailed(command: string, error: Error): void {
    if (!this.down && this.commands?.status === 'ready')
      this.logger.warn(`Redis ${command} failed: ${error.message}`);
  }

  /** `host:port` of `REDIS_URL`, without credentials, for logs. */
  private address(): string {
    try {
      const url = new URL(this.config.redisUrl);
      return `${url.hostname}:${url.port || 6379}`;
    } catch {
      return 'REDIS_URL';
    }
  }
}
