import { MikroORM, RequiredEntityData } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule } from '@nestjs/common';
import { Client } from 'pg';

import { Role, TicketPriority, TicketStatus } from '@hd/shared/domain';

import { AppConfig } from '../config/app-config';
import { createOrmOptions } from '../config/mikro-orm.options';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

/** A configuration for unit tests: in-memory SQLite, fast bcrypt, short-lived tokens. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/tmp',
    dialect: 'sqlite',
    database: ':memory:',
    jwtSecret: 'unit-test-secret-unit-test-secret-0123456789',
    jwtSecretGenerated: false,
    jwtAccessTtlSeconds: 900,
    jwtRefreshTtlSeconds: 7 * 24 * 3600,
    refreshReuseGraceMs: 10_000,
    bcryptRounds: 4,
    corsOrigins: [],
    trustProxy: false,
    dbTimeoutMs: 5000,
    authRateLimit: 1000,
    authRateWindowMs: 60_000,
    authFailureLimit: 100,
    authFailureWindowMs: 15 * 60_000,
    loginLockoutAfter: 5,
    loginBackoffMs: 30_000,
    loginBackoffMaxMs: 15 * 60_000,
    apiRateLimit: 0,
    apiRateWindowMs: 60_000,
    seed: false,
    webDir: '/nonexistent',
    logLevel: 'silent',
    ...overrides,
  } as AppConfig;
}

/** MikroORM on a fresh in-memory SQLite database, for a Nest testing module. */
export function testDatabaseModule(config: AppConfig = testConfig()): DynamicModule | Promise<DynamicModule> {
  const options = createOrmOptions(config);
  return MikroOrmModule.forRoot({
    ...options,
    allowGlobalContext: true,
    migrations: { ...options.migrations, silent: true },
  });
}

/** Applies the real migrations to the test database (the schema users get). */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}

/** Creates and flushes an active user for a unit test (password hash `x`, created at `at`). */
export async function createTestUser(
  em: EntityManager,
  fields: { email: string; firstName: string; lastName: string; role: Role },
  at: Date = new Date(),
): Promise<User> {
  const user = em.create(User, { ...fields, passwordHash: 'x', active: true, createdAt: at, updatedAt: at });
  await em.flush();
  return user;
}

/**
 * Runs `work` with the URL of a scratch PostgreSQL database made for it on the server `serverUrl`
 * (e.g. `PG_TEST_URL`, trust auth) and dropped afterwards, whatever `work` does. `label` goes
 * into the database's name (`helpdesk_<label>_<pid>_<ms>`).
 */
export async function withScratchPostgres<T>(
  serverUrl: string,
  label: string,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `helpdesk_${label}_${process.pid}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** The last number {@link createTestTicket} gave, in this test process. */
let testTicketNumber = 0;

/**
 * A ticket of `customer` for a unit test, persisted on the next flush: `fields` over defaults
 * (subject `S`, description `D`, medium priority, category `general`, open, updated when created,
 * numbered `TICK-20261101-0001` and on, in order).
 */
export function createTestTicket(
  em: EntityManager,
  customer: User,
  fields: Partial<Ticket> & { createdAt: Date },
): Ticket {
  return em.create(Ticket, {
    number: `TICK-20261101-${String(++testTicketNumber).padStart(4, '0')}`,
    subject: 'S',
    description: 'D',
    priority: TicketPriority.Medium,
    category: 'general',
    customer,
    updatedAt: fields.createdAt,
    status: TicketStatus.Open,
    ...fields,
  } as RequiredEntityData<Ticket>);
}
