export {
  AppLogger,
  bindRequestLoggers,
  fatalLine,
  pinoOptions,
  REDACTED_PATHS,
  usePrettyLogs,
} from './app-logger';
export type { LogFormat } from './app-logger';
export { MikroOrmLogger } from './mikro-orm-logger';
