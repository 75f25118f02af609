import { Role } from './enums';

/** A user as others see them (in ticket, reply and picker lists). */
export class UserSummary {
  /** @example 2 */
  id!: number;
  /** @example "Alex Agent" */
  name!: string;
  /**
   * Present for staff viewers, and for a customer's own account; a customer never sees a staff
   * member's e-mail. @example "agent@example.com"
   */
  email?: string;
}

/** A user's own account, as returned by `GET /api/auth/me` and login. Never carries a password hash. */
export class UserResponse {
  /** @example 4 */
  id!: number;
  /** Normalised (trimmed, lower-cased). @example "customer@example.com" */
  email!: string;
  /** @example "Casey" */
  firstName!: string;
  /** Empty only for accounts registered with a single-word `name` by an older client. @example "Customer" */
  lastName!: string;
  /** Read-only: `firstName` and `lastName` joined by a space, for clients from before the split. @example "Casey Customer" */
  name!: string;
  role!: Role;
  /** False for a deactivated account, which can no longer log in. */
  active!: boolean;
  /**
   * Agents and admins: whether automatic assignment may give them new tickets (they switch it with
   * `PATCH /api/users/me`). Always false for customers. @example true
   */
  available!: boolean;
  /** ISO 8601 UTC. @example "2026-11-22T09:30:00.000Z" */
  createdAt!: string;
}

/**
 * An agent or admin in the assignee picker.
 * @deprecated `GET /api/users` answers a {@link UserPageResponse} of {@link UserResponse} now.
 */
export class AgentSummary extends UserSummary {
  role!: Role;
}

/** `GET /api/users`: a page of users, by first name, last name and id. */
export class UserPageResponse {
  items!: UserResponse[];
  /** How many users match the query, over all pages. @example 5 */
  total!: number;
  /** 1-based. @example 1 */
  page!: number;
  /** @example 20 */
  pageSize!: number;
}

/** A user as an admin manages them (`GET`/`PATCH /api/users/:id`, `POST /api/users`). */
export class AdminUserResponse extends UserResponse {
  /**
   * Tickets assigned to this user that are not resolved or closed. Deactivating a user leaves
   * them assigned: reassign them. @example 2
   */
  openAssignedTickets!: number;
}
