import { Role } from './enums';

/**
 * What an API token may do (`scopes` of `POST /api/users/me/api-tokens`). A token never does more
 * than its owner's role allows at the time of the request; scopes narrow it further.
 */
export enum ApiTokenScope {
  /** Read tickets, their replies, history and attachments, categories and one's notifications. */
  TicketsRead = 'tickets:read',
  /** Create and change tickets, reply, assign, change status (as the owner's role allows). */
  TicketsWrite = 'tickets:write',
  /** Read users (the staff list; everyone for admins). */
  UsersRead = 'users:read',
  /** Read reports. */
  ReportsRead = 'reports:read',
  /** Everything the owner (an admin) may do: user administration, settings, webhooks, audit log. */
  Admin = 'admin',
}

/** Every scope, in declaration order. */
export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = Object.values(ApiTokenScope);

/** The scopes a user of each role may put on a token ("never more than the owner's role allows"). */
export const API_TOKEN_SCOPES_BY_ROLE: Readonly<Record<Role, readonly ApiTokenScope[]>> = {
  [Role.Customer]: [ApiTokenScope.TicketsRead, ApiTokenScope.TicketsWrite],
  [Role.Agent]: [
    ApiTokenScope.TicketsRead,
    ApiTokenScope.TicketsWrite,
    ApiTokenScope.UsersRead,
    ApiTokenScope.ReportsRead,
  ],
  [Role.Admin]: API_TOKEN_SCOPES,
};

/** The prefix of every API token, so secret scanners and people can tell one apart from a JWT. */
export const API_TOKEN_PREFIX = 'hd_';

/** Limits of API tokens. */
export const API_TOKEN_LIMITS = {
  /** Longest token name, in characters. */
  nameMaxLength: 100,
  /** Most tokens one user may hold. */
  perUser: 50,
} as const;
