import { Options, ReflectMetadataProvider } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

import { ApiToken } from '../api-tokens/api-token.entity';
import { AssignmentPointer } from '../assignment/assignment-pointer.entity';
import { Attachment } from '../attachments/attachment.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { PasswordToken } from '../auth/password-token.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { CannedResponse } from '../canned-responses/canned-response.entity';
import { Category } from '../categories/category.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { TicketHistoryEvent } from '../history/ticket-history-event.entity';
import { InboundMessage } from '../inbound-mail/inbound-message.entity';
import { JobLease } from '../jobs/job-lease.entity';
import { Notification } from '../notifications/notification.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { MikroOrmLogger } from '../logging/mikro-orm-logger';
import { postgresqlMigrations } from '../migrations/postgresql';
import { sqliteMigrations } from '../migrations/sqlite';
import { Reply } from '../replies/reply.entity';
import { Setting } from '../settings/setting.entity';
import { SlaAlert } from '../sla/sla-alert.entity';
import { SlaPolicy } from '../sla/sla-policy.entity';
import { ReportDayCount } from '../reports/report-day-count.entity';
import { TicketCount } from '../tickets/ticket-count.entity';
import { TicketNumberSequence } from '../tickets/ticket-number-sequence.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { HelpdeskSqliteDriver } from './sqlite-driver';
import { CachingSqliteConnection, cacheStatements } from './sqlite-statement-cache';
import { InterruptibleSqliteConnection, limitStatementTime } from './sqlite-statement-limit';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { Webhook } from '../webhooks/webhook.entity';
import { AppConfig } from './app-config';

/** Every entity, for tools that run outside Nest (CLI, migration checks); Nest loads them through `forFeature`. */
export const ENTITIES = [
  User,
  Ticket,
  Reply,
  RefreshToken,
  Notification,
  OutboxMessage,
  Category,
  TicketNumberSequence,
  TicketCount,
  ReportDayCount,
  TicketHistoryEvent,
  PasswordToken,
  AuditEvent,
  IdempotencyKey,
  CannedResponse,
  JobLease,
  Setting,
  ApiToken,
  Webhook,
  WebhookDelivery,
  AssignmentPointer,
  SlaPolicy,
  SlaAlert,
  Attachment,
  InboundMessage,
];

/** `DB_TIMEOUT` when not configured (tools, tests), in ms. */
export const DEFAULT_DB_TIMEOUT_MS = 5000;

/** How long a statement waits for SQLite's write lock before failing, in ms. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** `DB_POOL_SIZE` when not configured (tools, tests). */
export const DEFAULT_DB_POOL_SIZE = 4;

/** A `sqlite3` connection as knex's pool hands it to `afterCreate`. */
interface SqliteConnection extends InterruptibleSqliteConnection, CachingSqliteConnection {
  exec(sql: string, done: (err: Error | null) => void): void;
}

/**
 * A knex pool of SQLite connections that set, on each connection, WAL, `synchronous = NORMAL`,
 * foreign keys (MikroORM sets them only once) and a busy timeout; reader connections are also
 * `query_only`, so a write that reached one by mistake fails instead of competing for the lock, and
 * each of their statements is bounded by `timeoutMs` ({@link limitStatementTime}): a search or a
 * report that runs away frees its connection with a 503 instead of holding it. The writer's
 * statements are not bounded: they are short, and migrations (which run on it) may not be.
 */
function sqlitePool(size: number, timeoutMs: number, readOnly: boolean): Record<string, unknown> {
  const pragmas = [
    'PRAGMA journal_mode = WAL',
    'PRAGMA synchronous = NORMAL',
    'PRAGMA foreign_keys = ON',
    `PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
    ...(readOnly ? ['PRAGMA query_only = ON'] : []),
  ];
  return {
    min: 1,
    max: size,
    idleTimeoutMillis: Number.MAX_SAFE_INTEGER,
    acquireTimeoutMillis: timeoutMs,
    afterCreate: (connection: SqliteConnection, done: (err: Error | null, conn: unknown) => void) => {
      cacheStatements(connection);
      if (readOnly) limitStatementTime(connection, timeoutMs);
      connection.exec(`${pragmas.join('; ')};`, (err) => done(err, connection));
    },
  };
}

/** The part of a `pg` client the pool's `afterCreate` uses. */
interface SessionConnection {
  query(sql: string, done: (error: Error | null) => void): void;
}

/**
 * The statement that sets up each new PostgreSQL connection of the pool: `statement_timeout` (ms)
 * and `max_parallel_workers_per_gather`. Sent with `SET` once the connection is open (one round
 * trip per connection, not per request) rather than as startup parameters, which a connection
 * pooler such as PgBouncer refuses unless told to ignore them (`ignore_startup_parameters`).
 * @param statementTimeoutMs the longest a statement may run, in ms
 * @param parallelWorkers the parallel workers one statement may start
 */
export function sessionSettings(statementTimeoutMs: number, parallelWorkers: number): string {
  return `set statement_timeout = ${Math.trunc(statementTimeoutMs)}; set max_parallel_workers_per_gather = ${Math.trunc(parallelWorkers)}`;
}

/**
 * MikroORM options for the configured database.
 *
 * SQLite (a file): one writer connection, through which every transaction and write goes, so writes
 * queue in the process instead of failing on SQLite's single write lock; and `dbPoolSize` read-only
 * connections to the same file (MikroORM read replicas), which WAL lets read while the writer writes,
 * each on its own thread of libuv's pool. Reads outside a transaction use them; reads inside a
 * transaction use the writer. An in-memory database (tests) is one connection: each connection to
 * `:memory:` would be a separate empty database.
 *
 * PostgreSQL: a pool of `dbPoolSize` connections; waiting for one, connecting and each statement are
 * bounded by `dbTimeoutMs`; each session may start `dbParallelWorkers` parallel workers a statement
 * (`max_parallel_workers_per_gather`, 0 by default; see `AppConfig.dbParallelWorkers`); both are
 * set on each new connection (see {@link sessionSettings}).
 *
 * Migrations are compiled in (`migrationsList`), one list per dialect, so the bundle needs no globs.
 */
export function createOrmOptions(
  config: Pick<AppConfig, 'dialect' | 'database'> &
    Partial<Pick<AppConfig, 'dbTimeoutMs' | 'dbPoolSize' | 'dbParallelWorkers'>>,
): Options {
  const timeout = config.dbTimeoutMs ?? DEFAULT_DB_TIMEOUT_MS;
  const poolSize = config.dbPoolSize ?? DEFAULT_DB_POOL_SIZE;
  const common: Options = {
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    ensureDatabase: false,
    debug: false,
    // Through Nest's logger (the app's pino logger, see AppLogger), uncoloured: one JSON format.
    colors: false,
    loggerFactory: (options) => new MikroOrmLogger(options),
    // The full-text indexes (`tickets_search*`, see the migration `ticket_full_text_search`) are
    // made by migrations and belong to no entity: schema diffs leave them alone.
    schemaGenerator: { skipTables: [/^tickets_search/] },
  };
  if (config.dialect === 'sqlite') {
    const inMemory = config.database === ':memory:';
    return {
      ...common,
      driver: HelpdeskSqliteDriver,
      dbName: config.database,
      pool: sqlitePool(1, timeout, false),
      replicas: inMemory ? [] : [{ name: 'read', pool: sqlitePool(poolSize, timeout, true) }],
      migrations: {
        migrationsList: sqliteMigrations,
        transactional: true,
        allOrNothing: true,
        snapshot: false,
      },
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: config.database,
    // Waiting for a connection, connecting, and each statement are bounded, so a database that is
    // down or frozen gives a quick 503 instead of requests that hang for a minute.
    pool: {
      max: poolSize,
      acquireTimeoutMillis: timeout,
      afterCreate: (
        connection: SessionConnection,
        done: (error: Error | null, connection: unknown) => void,
      ) =>
        connection.query(sessionSettings(timeout, config.dbParallelWorkers ?? 0), (error) =>
          done(error, connection),
        ),
    },
    driverOptions: {
      connection: { connectionTimeoutMillis: timeout, query_timeout: timeout + 1000 },
    },
    migrations: {
      migrationsList: postgresqlMigrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  } as Options;
}
