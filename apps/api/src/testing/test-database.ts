import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule } from '@nestjs/common';

import { AppConfig } from '../config/app-config';
import { createOrmOptions } from '../config/mikro-orm.options';

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
    bcryptRounds: 4,
    corsOrigins: [],
    authRateLimit: 1000,
    authRateWindowMs: 60_000,
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
