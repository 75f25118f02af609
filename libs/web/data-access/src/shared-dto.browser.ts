/**
 * The browser entry of `@hd/shared/dto`, which the web app's build maps that alias to.
 *
 * The library's barrel also exports the request DTO classes, whose class-validator decorators run
 * when the module loads; esbuild must keep them, and with them class-validator and the zxcvbn
 * dictionaries (1.3 MB over the 500 kB initial budget). This entry re-exports the side-effect-free
 * modules (enums, error codes, the status workflow, limits, ticket permissions, notification event
 * names), only the types of everything else, and the password policy behind a dynamic import so
 * zxcvbn loads only on the registration page.
 */
/* eslint-disable @nx/enforce-module-boundaries -- deep imports of side-effect-free files, see above */
export * from '../../../shared/dto/src/lib/enums';
export * from '../../../shared/dto/src/lib/errors';
export * from '../../../shared/dto/src/lib/workflow';
export * from '../../../shared/dto/src/lib/limits';
export * from '../../../shared/dto/src/lib/ticket-permissions';
export * from '../../../shared/dto/src/lib/notification-events';
export type * from '../../../shared/dto/src/lib/auth.dto';
export type * from '../../../shared/dto/src/lib/auth.response';
export type * from '../../../shared/dto/src/lib/users.dto';
export type * from '../../../shared/dto/src/lib/users.response';
export type * from '../../../shared/dto/src/lib/tickets.dto';
export type * from '../../../shared/dto/src/lib/replies.dto';
export type * from '../../../shared/dto/src/lib/tickets.response';
export type * from '../../../shared/dto/src/lib/common.response';
export type * from '../../../shared/dto/src/lib/notifications.dto';
export type * from '../../../shared/dto/src/lib/notifications.response';
export type { PasswordVerdict } from '../../../shared/dto/src/lib/password-policy';

/** The password policy module (`evaluatePassword` and its limits), loaded on first use with zxcvbn. */
export function loadPasswordPolicy(): Promise<typeof import('../../../shared/dto/src/lib/password-policy')> {
  return import('../../../shared/dto/src/lib/password-policy');
}
/* eslint-enable @nx/enforce-module-boundaries */
