import { Logger, LoggerService } from '@nestjs/common';

import { MikroOrmLogger } from './mikro-orm-logger';

describe('MikroOrmLogger', () => {
  const calls: [string, unknown[]][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      calls.push([level, args]);
  const sink: LoggerService = { log: record('log'), error: record('error'), warn: record('warn') };

  beforeAll(() => Logger.overrideLogger(sink));
  afterAll(() => Logger.overrideLogger(true));
  beforeEach(() => (calls.length = 0));

  it("writes the migrator's progress uncoloured at info, and errors and warnings at their level, queries only in debug mode", () => {
    const logger = new MikroOrmLogger({ writer: () => undefined, debugMode: false });
    logger.log('migrator', "Applied 'Migration1'", { enabled: true });
    logger.warn('discovery', 'no entities', { enabled: true });
    logger.error('query', 'failed', { enabled: true });
    logger.log('query', 'select 1');
    expect(calls).toEqual([
      ['log', ["[migrator] Applied 'Migration1'", 'MikroORM']],
      ['warn', ['[discovery] no entities', 'MikroORM']],
      ['error', ['[query] failed', undefined, 'MikroORM']],
    ]);
  });
});
