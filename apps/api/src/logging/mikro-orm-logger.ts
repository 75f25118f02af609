import { DefaultLogger, LogContext, LoggerNamespace } from '@mikro-orm/core';
import { Logger } from '@nestjs/common';

/**
 * MikroORM's logger written through Nest's (the app's pino logger, see `AppLogger`) under the
 * context `MikroORM`: one uncoloured line per message at the matching level (errors at `error`,
 * warnings at `warn`, the rest, e.g. the migrator's progress, at `info`), namespace in brackets.
 */
export class MikroOrmLogger extends DefaultLogger {
  private readonly nest = new Logger('MikroORM');

  /** Writes one message if its namespace (or `context.enabled`) lets it through. */
  public override log(namespace: LoggerNamespace | string, message: string, context?: LogContext): void {
    if (!this.isEnabled(namespace as LoggerNamespace, context)) return;
    const label = context?.label ? `(${context.label}) ` : '';
    const line = `[${namespace}] ${label}${message.replace(/\s+/g, ' ').trim()}`;
    if (context?.level === 'error') this.nest.error(line);
    else if (context?.level === 'warning') this.nest.warn(line);
    else this.nest.log(line);
  }
}
