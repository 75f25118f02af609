/**
 * `@hd/shared/dto`: the API's request classes, validated with class-validator. Built on
 * `@hd/shared/domain` (enums, limits, the password policy); the browser never loads this library.
 */
export * from './lib/validators';
export * from './lib/pagination.dto';
export * from './lib/auth.dto';
export * from './lib/users.dto';
export * from './lib/tickets.dto';
export * from './lib/replies.dto';
export * from './lib/notifications.dto';
export * from './lib/categories.dto';
export * from './lib/canned-responses.dto';
export * from './lib/settings.dto';
export * from './lib/sla.dto';
export * from './lib/reports.dto';
export * from './lib/api-tokens.dto';
export * from './lib/webhooks.dto';
