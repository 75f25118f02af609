import 'reflect-metadata';

import { Logger } from '@nestjs/common';

import { createApp } from './app/create-app';
import { ConfigError, loadConfig } from './config/app-config';
import { enableGracefulShutdown } from './health/graceful-shutdown';
import { fatalLine } from './logging';

/**
 * Starts the helpdesk: validates configuration, migrates, seeds on first run, then listens on PORT;
 * shuts down gracefully on SIGTERM/SIGINT (see {@link enableGracefulShutdown}).
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  enableGracefulShutdown(app, { graceMs: config.shutdownGraceMs, delayMs: config.shutdownDelayMs });
  await app.listen({ port: config.port, host: config.host });
  new Logger('Bootstrap').log(
    `Helpdesk listening on http://localhost:${config.port} (API /api, docs /docs, database ${config.dialect})`,
  );
}

bootstrap().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  // Nest's logger may not exist yet: one JSON line in the same format as every other.
  process.stderr.write(fatalLine(`Helpdesk failed to start: ${message}`));
  process.exit(1);
});
