export { AppLogger, bindRequestLoggers, fatalLine, pinoOptions, REDACTED_PATHS } from './app-logger';
export { MikroOrmLogger } from './mikro-orm-logger';
