import { AuditAction, AuditTargetType } from './audit';

/** Who took an audited action: the admin's id and name at the time of reading. */
export class AuditActorResponse {
  /** @example 1 */
  id!: number;
  /** @example "Ada Admin" */
  name!: string;
}

/** What an audited action was about. */
export class AuditTargetResponse {
  /** `user`, `category`, `settings` or `canned_response`. @example "user" */
  type!: AuditTargetType;
  /** The id of the user, category or canned response (0 for the settings). @example 6 */
  id!: number;
}

/** One entry of the audit log. */
export class AuditEventResponse {
  /** @example 12 */
  id!: number;
  /** When it happened, ISO 8601 UTC. @example "2026-11-26T09:30:00.000Z" */
  at!: string;
  /** Who did it; null when that account no longer exists or for changes made by the system. */
  actor!: AuditActorResponse | null;
  action!: AuditAction;
  target!: AuditTargetResponse;
  /**
   * Each changed field with its value before and after (`from` is null on creation). Never holds
   * passwords, password hashes or tokens.
   * @example {"role":{"from":"customer","to":"agent"}}
   */
  changes!: Record<string, { from: unknown; to: unknown }>;
}

/** `GET /api/audit`: a page of the audit log, newest first. */
export class AuditPageResponse {
  items!: AuditEventResponse[];
  /** How many entries there are, over all pages. @example 42 */
  total!: number;
  /** 1-based. @example 1 */
  page!: number;
  /** @example 20 */
  pageSize!: number;
}
