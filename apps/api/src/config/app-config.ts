import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';

import { cleanEnv, makeValidator, num, port, str } from 'envalid';
import { isSupportedCountry } from 'libphonenumber-js';
import ms from 'ms';

import { SEARCH_RANK_LIMIT } from '@hd/shared/domain';

/** The API's configuration, validated once at boot (see `.env.example` for every variable). */
export interface AppConfig {
  /** TCP port the API listens on. */
  port: number;
  /** Host to bind; `0.0.0.0` so containers can reach it. */
  host: string;
  /** Absolute path of the data directory (SQLite file, generated secret, outgoing mail). */
  dataDir: string;
  /** `sqlite` or `postgresql`. */
  dialect: 'sqlite' | 'postgresql';
  /** For SQLite: the database file's absolute path (or `:memory:`); for PostgreSQL: the connection URL. */
  database: string;
  /** HS256 key for access tokens. */
  jwtSecret: string;
  /** True when `jwtSecret` was generated and stored in the data directory. */
  jwtSecretGenerated: boolean;
  /** Access-token lifetime, in seconds. */
  jwtAccessTtlSeconds: number;
  /** Refresh-token lifetime, in seconds. */
  jwtRefreshTtlSeconds: number;
  /**
   * How long a used refresh token still returns the pair it was traded for, in ms (two tabs
   * refreshing at once); after that, reuse revokes the whole login.
   */
  refreshReuseGraceMs: number;
  /** bcrypt cost factor (log2 of the rounds), 4 to 15. */
  bcryptRounds: number;
  /**
   * Which reverse proxies to trust for `X-Forwarded-For`/`-Proto` (Fastify's `trustProxy`): false
   * (none, the default), a hop count, or a list of addresses and CIDR ranges.
   */
  trustProxy: false | number | string[];
  /** Origins allowed by CORS; empty means no cross-origin access. */
  corsOrigins: string[];
  /**
   * Registrations, password-reset requests and confirmations and password changes allowed per IP
   * and per e-mail in one window (logins are limited by their failures, below).
   */
  authRateLimit: number;
  /** The rate-limit window, in ms. */
  authRateWindowMs: number;
  /** Failed logins allowed from one IP address in one `authFailureWindowMs`; past it that address may not log in. */
  authFailureLimit: number;
  /** The window of `authFailureLimit`, in ms. */
  authFailureWindowMs: number;
  /** Consecutive failed logins for one account after which it backs off (see `loginBackoffMs`). */
  loginLockoutAfter: number;
  /**
   * How long an account waits after reaching `loginLockoutAfter` failures, in ms; doubles with each
   * further failure, up to `loginBackoffMaxMs`. A device that logged in to the account before is
   * exempt (its cookie proves it).
   */
  loginBackoffMs: number;
  /** The longest back-off, in ms. */
  loginBackoffMaxMs: number;
  /**
   * Requests one user (or one API token; one IP address when anonymous) may make in
   * `apiRateWindowMs`; 0 turns the limit off.
   */
  apiRateLimit: number;
  /** The window of `apiRateLimit`, in ms. */
  apiRateWindowMs: number;
  /** Whether to seed demo data into an empty database at start-up. */
  seed: boolean;
  /** Directory of the built web app to serve at `/`, when it exists. */
  webDir: string;
  /** Pino log level. */
  logLevel: string;
  /** `LOG_FORMAT`: `json` lines, `pretty`, or `auto` (pretty on a terminal outside production). */
  logFormat: 'auto' | 'json' | 'pretty';
  /** SMTP server for outgoing mail (`smtp://user:pass@host:port`, `smtps://...`); empty: write `.eml` files under `<dataDir>/mail`. */
  smtpUrl: string;
  /** The `From` of outgoing mail. */
  mailFrom: string;
  /** Public URL of the web app, without a trailing slash; e-mails link to `${appUrl}/tickets/<id>`. */
  appUrl: string;
  /** ISO 3166-1 alpha-2 region for contact numbers typed without a country code (e.g. `GB`); empty: international form only. */
  defaultPhoneRegion: string;
  /**
   * Longest wait for the database, in ms: for a pooled connection, to connect, and for one
   * statement (PostgreSQL: `statement_timeout`; SQLite: statements on the read connections).
   * Past it the request is a 503 `DATABASE_UNAVAILABLE` with `Retry-After`.
   */
  dbTimeoutMs: number;
  /**
   * Database connections for concurrent requests. SQLite: read-only connections beside the single
   * writer (WAL lets readers run while one transaction writes); PostgreSQL: the pool's maximum.
   */
  dbPoolSize: number;
  /**
   * PostgreSQL only: the parallel workers one statement of the API may start
   * (`max_parallel_workers_per_gather` of its sessions; PostgreSQL's own default is 2). 0, the
   * default: none. The API's statements are many and short, and starting workers for each cost more
   * than it saved: at a million tickets, a search for a word no ticket holds answered twice as often
   * without (152 → 303-381 a second at 50 connections), and the year's reports took from 6 % longer
   * to 28 % less time (see docs/performance.md). Set with `SET` on each new connection, as
   * `statement_timeout` is, so that a pooler in front of PostgreSQL (PgBouncer) accepts the
   * connection.
   */
  dbParallelWorkers: number;
  /**
   * How many matching texts of each kind (ticket fields, public replies, internal notes) a search
   * sorted by relevance ranks at most, newest first, and its status counts count: one term, or
   * several when more texts than that each hold them all (`SEARCH_RANK_LIMIT` in the shared limits).
   */
  searchRankLimit: number;
  /** How often the outbox worker looks for due e-mail, in ms. */
  outboxPollIntervalMs: number;
  /** First retry delay after a failed send, in ms; doubles with each attempt (capped at 30 minutes). */
  outboxRetryBaseMs: number;
  /** How long a worker's claim on a message lasts, in ms; after a crash mid-send the message is due again then. */
  outboxLeaseMs: number;
  /** How many due messages the outbox worker claims in one statement, 1 to 1,000. */
  outboxBatchSize: number;
  /**
   * How many messages the outbox worker sends at once when it is behind (a claim finds at least this
   * many), 1 to 100; fewer due messages go one at a time in queue order. Messages sent at once may
   * arrive out of order; their `Date` header is the time they were queued.
   */
  outboxConcurrency: number;
  /** SMTP connections kept open and used in parallel (nodemailer's `maxConnections`), 1 to 50. */
  smtpPoolSize: number;
  /** Messages sent over one SMTP connection before it is replaced (nodemailer's `maxMessages`), at least 1. */
  smtpMaxMessages: number;
  /**
   * Bearer token that `GET /metrics` requires (`Authorization: Bearer <token>`); empty: `/metrics`
   * is open (keep it off the public network then).
   */
  metricsToken: string;
  /**
   * On SIGTERM/SIGINT, how long requests in flight may take to finish, in ms; connections still
   * open after it are closed.
   */
  shutdownGraceMs: number;
  /**
   * On SIGTERM/SIGINT, how long the process keeps accepting new requests while readiness already
   * answers 503, in ms (0: stop accepting at once), so a load balancer that probes readiness takes
   * it out of rotation before connections are refused.
   */
  shutdownDelayMs: number;
  /**
   * Redis shared by several API replicas (`redis://[user:pass@]host:port[/db]` or `rediss://...`):
   * socket.io events, login rate limits, ended sessions and user-cache invalidation cross replicas
   * through it. Empty: all of that stays in this process (one replica).
   */
  redisUrl: string;
  /**
   * Hosts that webhooks may reach although they are not public (`WEBHOOK_ALLOW_HOSTS`): names, IP
   * addresses or CIDR ranges. Everything private, loopback or link-local is refused otherwise.
   */
  webhookAllowHosts: string[];
  /** How long one webhook delivery may take (connect, send, answer), in ms. */
  webhookTimeoutMs: number;
  /** How often the webhook worker looks for due deliveries, in ms. */
  webhookPollIntervalMs: number;
  /** First retry delay after a failed delivery, in ms; doubles with each attempt (at most 30 min; given up after 24 h). */
  webhookRetryBaseMs: number;
  /** Failed attempts in a row after which a webhook is switched off. */
  webhookDisableAfter: number;
  /**
   * How often each process checks whether a recurring job (SLA checks, auto-close, clean-up) is due,
   * in ms; each job's own interval decides how often it actually runs, once across all replicas.
   */
  jobsPollIntervalMs: number;
  /**
   * Tests only (`CLOCK_CONTROL=true`): `PUT /api/testing/clock` moves this process's clock, so
   * integration and browser tests can reach an SLA breach or an auto-close without waiting.
   * Refused when `NODE_ENV=production`.
   */
  clockControl: boolean;
  /**
   * TCP port of the embedded SMTP listener for inbound mail (`INBOUND_SMTP_PORT`); null: off. Only
   * one replica should set it (each process binds its own listener).
   */
  inboundSmtpPort: number | null;
  /** Address the inbound SMTP listener binds (`INBOUND_SMTP_HOST`, default `0.0.0.0`). */
  inboundSmtpHost: string;
  /**
   * The helpdesk's inbound address (`INBOUND_ADDRESS`, lower case), e.g. `support@example.com`: the
   * only recipient the SMTP listener takes, and the `Reply-To` of notification e-mails; empty: none.
   */
  inboundAddress: string;
  /** What mail from an address without an account does (`INBOUND_UNKNOWN_SENDERS`): create a customer account, or reject it. */
  inboundUnknownSenders: 'create' | 'reject';
  /** Largest inbound message accepted, in bytes (`INBOUND_MAX_BYTES`, default 25 MiB); larger ones get SMTP 552. */
  inboundMaxBytes: number;
  /** Mailbox polled for inbound mail (`IMAP_URL`, `imaps://user:pass@host:993/INBOX`); empty: no polling. */
  imapUrl: string;
  /** How often the mailbox is polled, in ms (`IMAP_POLL_INTERVAL`, default 60 s). */
  imapPollIntervalMs: number;
  /** Mailbox that fetched messages are moved to (`IMAP_MOVE_TO`); empty: they are only marked seen. */
  imapMoveTo: string;
  /** Largest attachment accepted, in bytes (`ATTACHMENT_MAX_BYTES`, default 10 MiB); larger files get 413. */
  attachmentMaxBytes: number;
}

const duration = makeValidator<number>((input) => {
  const value = ms(input as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000) {
    throw new Error('expected a duration of at least 1s such as "15m", "7d" or "3600s"');
  }
  return Math.round(value / 1000);
});

/** A duration such as "500ms", "5s" or "2m", in ms, at least 50 ms. */
const durationMs = makeValidator<number>((input) => {
  const value = ms(input as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 50) {
    throw new Error('expected a duration of at least 50ms such as "500ms", "5s" or "2m"');
  }
  return Math.round(value);
});

/** A whole number from `min` to `max` (a count: batch size, connections, messages in flight). */
const wholeNumber = (min: number, max: number) =>
  makeValidator<number>((input) => {
    const value = Number(input);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`expected a whole number from ${min} to ${max}`);
    }
    return value;
  });

const bcryptRounds = makeValidator<number>((input) => {
  const value = Number(input);
  if (!Number.isInteger(value) || value < 4 || value > 15) {
    throw new Error('expected a whole number from 4 to 15 (10 is the OWASP minimum for production)');
  }
  return value;
});

const bool = makeValidator<boolean>((input) => {
  if (['true', '1', 'yes'].includes(String(input).toLowerCase())) return true;
  if (['false', '0', 'no'].includes(String(input).toLowerCase())) return false;
  throw new Error('expected true or false');
});

/** Raised when the environment holds a bad value; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration from `env`.
 * @param env the environment (process.env in production, a plain object in tests)
 * @param repoRoot where relative paths (DATA_DIR, sqlite files) are resolved from
 * @throws ConfigError naming each invalid variable and why
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, repoRoot = process.cwd()): AppConfig {
  const raw = cleanEnv(
    env,
    {
      PORT: port({ default: 3000, desc: 'TCP port' }),
      HOST: str({ default: '0.0.0.0' }),
      DATA_DIR: str({ default: 'data' }),
      DATABASE_URL: str({ default: '' }),
      JWT_SECRET: str({ default: '' }),
      JWT_ACCESS_TTL: duration({ default: 15 * 60 }),
      JWT_REFRESH_TTL: duration({ default: 7 * 24 * 3600 }),
      REFRESH_REUSE_GRACE: durationMs({ default: 10_000 }),
      BCRYPT_ROUNDS: bcryptRounds({ default: 10 }),
      CORS_ORIGINS: str({ default: '' }),
      TRUST_PROXY: str({ default: '' }),
      AUTH_RATE_LIMIT: num({ default: 10 }),
      AUTH_RATE_WINDOW: duration({ default: 60 }),
      AUTH_FAILURE_LIMIT: wholeNumber(1, 1_000_000)({ default: 100 }),
      AUTH_FAILURE_WINDOW: duration({ default: 15 * 60 }),
      LOGIN_LOCKOUT_AFTER: wholeNumber(1, 1000)({ default: 5 }),
      LOGIN_BACKOFF: duration({ default: 30 }),
      LOGIN_BACKOFF_MAX: duration({ default: 15 * 60 }),
      API_RATE_LIMIT: wholeNumber(0, 100_000_000)({ default: 600 }),
      API_RATE_WINDOW: duration({ default: 60 }),
      SEED: bool({ default: true }),
      WEB_DIR: str({ default: 'dist/apps/web/browser' }),
      LOG_LEVEL: str({
        default: 'info',
        choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      }),
      LOG_FORMAT: str({ default: 'auto', choices: ['auto', 'json', 'pretty'] }),
      SMTP_URL: str({ default: '' }),
      MAIL_FROM: str({ default: 'Helpdesk <helpdesk@localhost>' }),
      APP_URL: str({ default: '' }),
      DEFAULT_PHONE_REGION: str({ default: '' }),
      DB_TIMEOUT: durationMs({ default: 5000 }),
      DB_POOL_SIZE: wholeNumber(1, 64)({ default: 4 }),
      DB_PARALLEL_WORKERS: wholeNumber(0, 64)({ default: 0 }),
      SEARCH_RANK_LIMIT: wholeNumber(1, 1_000_000)({ default: SEARCH_RANK_LIMIT }),
      OUTBOX_POLL_INTERVAL: durationMs({ default: 1000 }),
      OUTBOX_RETRY_BASE: durationMs({ default: 5000 }),
      OUTBOX_LEASE: durationMs({ default: 120_000 }),
      OUTBOX_BATCH_SIZE: wholeNumber(1, 1000)({ default: 100 }),
      OUTBOX_CONCURRENCY: wholeNumber(1, 100)({ default: 10 }),
      SMTP_POOL_SIZE: wholeNumber(1, 50)({ default: 5 }),
      SMTP_MAX_MESSAGES: wholeNumber(1, 1_000_000)({ default: 100 }),
      METRICS_TOKEN: str({ default: '' }),
      SHUTDOWN_GRACE: durationMs({ default: 10_000 }),
      SHUTDOWN_DELAY: str({ default: '0' }),
      REDIS_URL: str({ default: '' }),
      JOBS_POLL_INTERVAL: durationMs({ default: 5000 }),
      WEBHOOK_ALLOW_HOSTS: str({ default: '' }),
      WEBHOOK_TIMEOUT: durationMs({ default: 10_000 }),
      WEBHOOK_POLL_INTERVAL: durationMs({ default: 1000 }),
      WEBHOOK_RETRY_BASE: durationMs({ default: 10_000 }),
      WEBHOOK_DISABLE_AFTER: wholeNumber(1, 10_000)({ default: 20 }),
      CLOCK_CONTROL: bool({ default: false }),
      INBOUND_SMTP_PORT: str({ default: '' }),
      INBOUND_SMTP_HOST: str({ default: '0.0.0.0' }),
      INBOUND_ADDRESS: str({ default: '' }),
      INBOUND_UNKNOWN_SENDERS: str({ default: 'create', choices: ['create', 'reject'] }),
      INBOUND_MAX_BYTES: wholeNumber(1024, 1_073_741_824)({ default: 25 * 1024 * 1024 }),
      IMAP_URL: str({ default: '' }),
      IMAP_POLL_INTERVAL: durationMs({ default: 60_000 }),
      IMAP_MOVE_TO: str({ default: '' }),
      ATTACHMENT_MAX_BYTES: wholeNumber(1, 1_073_741_824)({ default: 10 * 1024 * 1024 }),
      NODE_ENV: str({ default: '' }),
    },
    {
      reporter: ({ errors }) => {
        const bad = Object.entries(errors);
        if (bad.length) {
          throw new ConfigError(
            `Invalid configuration: ${bad.map(([name, err]) => `${name}: ${(err as Error).message}`).join('; ')}`,
          );
        }
      },
    },
  );

  if (!Number.isInteger(raw.AUTH_RATE_LIMIT) || raw.AUTH_RATE_LIMIT < 1) {
    throw new ConfigError('Invalid configuration: AUTH_RATE_LIMIT: expected a whole number of at least 1');
  }
  const dataDir = isAbsolute(raw.DATA_DIR) ? raw.DATA_DIR : resolve(repoRoot, raw.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const { dialect, database } = parseDatabaseUrl(
    raw.DATABASE_URL || `sqlite://${join(dataDir, 'helpdesk.sqlite')}`,
    repoRoot,
  );
  const corsOrigins = raw.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `Invalid configuration: CORS_ORIGINS: '${origin}' is not an origin such as https://support.example.com`,
      );
    }
  }
  if (raw.SMTP_URL && !/^smtps?:\/\/[^/\s]+/i.test(raw.SMTP_URL)) {
    throw new ConfigError(
      'Invalid configuration: SMTP_URL: expected smtp://[user:pass@]host:port or smtps://...',
    );
  }
  if (raw.CLOCK_CONTROL && raw.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration: CLOCK_CONTROL is for tests and is refused when NODE_ENV=production',
    );
  }
  const redisUrl = raw.REDIS_URL.trim();
  if (redisUrl && !/^rediss?:\/\/[^/\s]*/i.test(redisUrl)) {
    throw new ConfigError(
      'Invalid configuration: REDIS_URL: expected redis://[user:pass@]host:port[/db] or rediss://...',
    );
  }
  const appUrl = (raw.APP_URL || `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(appUrl)) {
    throw new ConfigError(
      `Invalid configuration: APP_URL: '${raw.APP_URL}' is not a URL such as https://support.example.com`,
    );
  }
  const inbound = inboundSettings(raw.INBOUND_SMTP_PORT, raw.INBOUND_ADDRESS, raw.IMAP_URL);
  const secret = raw.JWT_SECRET ? { value: raw.JWT_SECRET, generated: false } : loadOrCreateSecret(dataDir);
  if (secret.value.length < 32) {
    throw new ConfigError('Invalid configuration: JWT_SECRET: expected at least 32 characters');
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    dataDir,
    dialect,
    database,
    jwtSecret: secret.value,
    jwtSecretGenerated: secret.generated,
    jwtAccessTtlSeconds: raw.JWT_ACCESS_TTL,
    jwtRefreshTtlSeconds: raw.JWT_REFRESH_TTL,
    refreshReuseGraceMs: raw.REFRESH_REUSE_GRACE,
    bcryptRounds: raw.BCRYPT_ROUNDS,
    corsOrigins,
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
    authRateLimit: raw.AUTH_RATE_LIMIT,
    authRateWindowMs: raw.AUTH_RATE_WINDOW * 1000,
    authFailureLimit: raw.AUTH_FAILURE_LIMIT,
    authFailureWindowMs: raw.AUTH_FAILURE_WINDOW * 1000,
    loginLockoutAfter: raw.LOGIN_LOCKOUT_AFTER,
    loginBackoffMs: raw.LOGIN_BACKOFF * 1000,
    loginBackoffMaxMs: Math.max(raw.LOGIN_BACKOFF_MAX, raw.LOGIN_BACKOFF) * 1000,
    apiRateLimit: raw.API_RATE_LIMIT,
    apiRateWindowMs: raw.API_RATE_WINDOW * 1000,
    seed: raw.SEED,
    webDir: isAbsolute(raw.WEB_DIR) ? raw.WEB_DIR : resolve(repoRoot, raw.WEB_DIR),
    logLevel: raw.LOG_LEVEL,
    logFormat: raw.LOG_FORMAT as AppConfig['logFormat'],
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM,
    appUrl,
    defaultPhoneRegion: phoneRegion(raw.DEFAULT_PHONE_REGION),
    dbTimeoutMs: raw.DB_TIMEOUT,
    dbPoolSize: raw.DB_POOL_SIZE,
    dbParallelWorkers: raw.DB_PARALLEL_WORKERS,
    searchRankLimit: raw.SEARCH_RANK_LIMIT,
    outboxPollIntervalMs: raw.OUTBOX_POLL_INTERVAL,
    outboxRetryBaseMs: raw.OUTBOX_RETRY_BASE,
    outboxLeaseMs: raw.OUTBOX_LEASE,
    outboxBatchSize: raw.OUTBOX_BATCH_SIZE,
    outboxConcurrency: raw.OUTBOX_CONCURRENCY,
    smtpPoolSize: raw.SMTP_POOL_SIZE,
    smtpMaxMessages: raw.SMTP_MAX_MESSAGES,
    metricsToken: raw.METRICS_TOKEN.trim(),
    shutdownGraceMs: raw.SHUTDOWN_GRACE,
    shutdownDelayMs: shutdownDelay(raw.SHUTDOWN_DELAY),
    redisUrl,
    jobsPollIntervalMs: raw.JOBS_POLL_INTERVAL,
    webhookAllowHosts: raw.WEBHOOK_ALLOW_HOSTS.split(',')
      .map((host) => host.trim())
      .filter(Boolean),
    webhookTimeoutMs: raw.WEBHOOK_TIMEOUT,
    webhookPollIntervalMs: raw.WEBHOOK_POLL_INTERVAL,
    webhookRetryBaseMs: raw.WEBHOOK_RETRY_BASE,
    webhookDisableAfter: raw.WEBHOOK_DISABLE_AFTER,
    clockControl: raw.CLOCK_CONTROL,
    inboundSmtpPort: inbound.port,
    inboundSmtpHost: raw.INBOUND_SMTP_HOST.trim() || '0.0.0.0',
    inboundAddress: inbound.address,
    inboundUnknownSenders: raw.INBOUND_UNKNOWN_SENDERS as AppConfig['inboundUnknownSenders'],
    inboundMaxBytes: raw.INBOUND_MAX_BYTES,
    imapUrl: inbound.imapUrl,
    imapPollIntervalMs: raw.IMAP_POLL_INTERVAL,
    imapMoveTo: raw.IMAP_MOVE_TO.trim(),
    attachmentMaxBytes: raw.ATTACHMENT_MAX_BYTES,
  };
}

/**
 * The inbound e-mail settings: `INBOUND_SMTP_PORT` empty (off) or a port; `INBOUND_ADDRESS` an
 * address, required with the SMTP listener; `IMAP_URL` empty or `imap(s)://user:pass@host[:port][/mailbox]`.
 * @throws ConfigError for a bad port, address or URL, or a listener without an address
 */
function inboundSettings(
  portText: string,
  addressText: string,
  imapText: string,
): { port: number | null; address: string; imapUrl: string } {
  const text = portText.trim();
  const port = text ? Number(text) : null;
  if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw new ConfigError(
      'Invalid configuration: INBOUND_SMTP_PORT: expected a port from 1 to 65535, or empty (off)',
    );
  }
  const address = addressText.trim().toLowerCase();
  if (address && !/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(address)) {
    throw new ConfigError(
      `Invalid configuration: INBOUND_ADDRESS: '${addressText}' is not an address such as support@example.com`,
    );
  }
  if (port !== null && !address) {
    throw new ConfigError('Invalid configuration: INBOUND_ADDRESS: required when INBOUND_SMTP_PORT is set');
  }
  const imapUrl = imapText.trim();
  if (imapUrl && !/^imaps?:\/\/[^/\s]+/i.test(imapUrl)) {
    throw new ConfigError(
      'Invalid configuration: IMAP_URL: expected imaps://user:pass@host:993/INBOX or imap://...',
    );
  }
  return { port, address, imapUrl };
}

/**
 * `TRUST_PROXY`: empty trusts no proxy; a whole number is a hop count; otherwise a comma-separated
 * list of IP addresses or CIDR ranges (`10.0.0.0/8, 127.0.0.1`).
 * @throws ConfigError for anything else
 */
export function parseTrustProxy(value: string): false | number | string[] {
  const text = value.trim();
  if (!text) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    const maxBits = version === 6 ? 128 : 32;
    if (
      !version ||
      extra !== undefined ||
      (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))
    ) {
      throw new ConfigError(
        `Invalid configuration: TRUST_PROXY: '${entry}' is not an IP address, a CIDR range or a hop count`,
      );
    }
  }
  return entries;
}

/**
 * `SHUTDOWN_DELAY`: `0` or a duration such as `5s`, in ms, at most a minute.
 * @throws ConfigError for anything else
 */
function shutdownDelay(value: string): number {
  const text = value.trim();
  const delay = text === '' || text === '0' ? 0 : ms(text as ms.StringValue);
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0 || delay > 60_000) {
    throw new ConfigError(
      'Invalid configuration: SHUTDOWN_DELAY: expected 0 or a duration up to 1m such as "5s"',
    );
  }
  return Math.round(delay);
}

/**
 * `DEFAULT_PHONE_REGION` upper-cased, checked against the regions libphonenumber-js knows.
 * @throws ConfigError for an unknown region such as `UK` (the code is `GB`)
 */
function phoneRegion(value: string): string {
  const region = value.trim().toUpperCase();
  if (region && !isSupportedCountry(region)) {
    throw new ConfigError(
      `Invalid configuration: DEFAULT_PHONE_REGION: '${value}' is not an ISO 3166-1 alpha-2 region such as GB or US`,
    );
  }
  return region;
}

/**
 * Splits `DATABASE_URL` into a dialect and what the driver needs: `sqlite://relative/or/absolute.sqlite`,
 * `sqlite://:memory:`, or `postgres://user@host:5432/db` (also `postgresql://`).
 * @throws ConfigError for any other scheme
 */
export function parseDatabaseUrl(url: string, repoRoot: string): Pick<AppConfig, 'dialect' | 'database'> {
  const match = /^([a-z]+):\/\/(.*)$/i.exec(url);
  const scheme = match?.[1].toLowerCase();
  if (match && scheme === 'sqlite') {
    const path = match[2];
    if (!path) throw new ConfigError('Invalid configuration: DATABASE_URL: sqlite:// needs a file path');
    return { dialect: 'sqlite', database: path === ':memory:' ? path : resolve(repoRoot, path) };
  }
  if (match && (scheme === 'postgres' || scheme === 'postgresql')) {
    return { dialect: 'postgresql', database: url };
  }
  throw new ConfigError(
    'Invalid configuration: DATABASE_URL: expected sqlite://<path> or postgres://<user>@<host>:<port>/<database>',
  );
}

function loadOrCreateSecret(dataDir: string): { value: string; generated: boolean } {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return { value: readFileSync(file, 'utf8').trim(), generated: true };
}

/** Injection token of the {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
