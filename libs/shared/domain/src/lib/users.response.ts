import { Role } from './enums';

/** A user as others see them (in ticket, reply and picker lists). */
export class UserSummary {
  /** @example 2 */
  id!: number;
  /** @example "Alex Agent" */
  name!: string;
  /** @example "agent@example.com" */
  email!: string;
}

/** A user's own account, as returned by `GET /api/auth/me` and login. Never carries a password hash. */
export class UserResponse {
  /** @example 4 */
  id!: number;
  /** Normalised (trimmed, lower-cased). @example "customer@example.com" */
  email!: string;
  /** @example "Casey Customer" */
  name!: string;
  role!: Role;
  /** False for a deactivated account, which can no longer log in. */
  active!: boolean;
  /** ISO 8601 UTC. @example "2026-11-22T09:30:00.000Z" */
  createdAt!: string;
}

/** An agent or admin in the assignee picker (`GET /api/users?role=agent`). */
export class AgentSummary extends UserSummary {
  role!: Role;
}
