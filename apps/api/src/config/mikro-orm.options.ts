import { Options, ReflectMetadataProvider } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';

import { AuditEvent } from '../audit/audit-event.entity';
import { PasswordToken } from '../auth/password-token.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Category } from '../categories/category.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { TicketHistoryEvent } from '../history/ticket-history-event.entity';
import { Notification } from '../notifications/notification.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { postgresqlMigrations } from '../migrations/postgresql';
import { sqliteMigrations } from '../migrations/sqlite';
import { Reply } from '../replies/reply.entity';
import { TicketNumberSequence } from '../tickets/ticket-number-sequence.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
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
  TicketHistoryEvent,
  PasswordToken,
  AuditEvent,
  IdempotencyKey,
];

/** `DB_TIMEOUT` when not configured (tools, tests), in ms. */
export const DEFAULT_DB_TIMEOUT_MS = 5000;

/** How long a statement waits for SQLite's write lock before failing, in ms. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * MikroORM options for the configured database. SQLite runs in WAL mode with a busy timeout and
 * foreign keys on, set on every pooled connection (MikroORM sets foreign keys only once).
 * Migrations are compiled in (`migrationsList`), one list per dialect, so the bundle needs no globs.
 */
export function createOrmOptions(
  config: Pick<AppConfig, 'dialect' | 'database'> & Partial<Pick<AppConfig, 'dbTimeoutMs'>>,
): Options {
  const timeout = config.dbTimeoutMs ?? DEFAULT_DB_TIMEOUT_MS;
  const common: Options = {
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    ensureDatabase: false,
    debug: false,
  };
  if (config.dialect === 'sqlite') {
    return {
      ...common,
      driver: SqliteDriver,
      dbName: config.database,
      pool: {
        min: 1,
        max: 1,
        idleTimeoutMillis: Number.MAX_SAFE_INTEGER,
        acquireTimeoutMillis: timeout,
        afterCreate: (
          connection: { exec(sql: string, done: (err: Error | null) => void): void },
          done: (err: Error | null, conn: unknown) => void,
        ) =>
          connection.exec(
            `PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`,
            (err) => done(err, connection),
          ),
      },
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
    pool: { acquireTimeoutMillis: timeout },
    driverOptions: {
      connection: {
        connectionTimeoutMillis: timeout,
        statement_timeout: timeout,
        query_timeout: timeout + 1000,
      },
    },
    migrations: {
      migrationsList: postgresqlMigrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  } as Options;
}
