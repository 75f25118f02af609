/** Whose a canned response is: the user who wrote it, or the admin who last made it personal. */
export class CannedResponseOwnerResponse {
  /** @example 2 */
  id!: number;
  /** @example "Alex Agent" */
  name!: string;
}

/** A reply template staff insert into a reply, with placeholders such as `{{customer.firstName}}`. */
export class CannedResponseResponse {
  /** @example 7 */
  id!: number;
  /** 1 to 100 characters; what the picker lists and filters on. @example "Invoice resent" */
  title!: string;
  /**
   * 1 to 5,000 characters. The placeholders `{{customer.firstName}}`, `{{ticket.number}}` and
   * `{{agent.firstName}}` are filled when it is inserted; others stay as written.
   * @example "Hi {{customer.firstName}}, I have resent the invoice for {{ticket.number}}. {{agent.firstName}}"
   */
  body!: string;
  /** True: every agent and admin sees it and only admins change it. False: only its owner sees and changes it. */
  shared!: boolean;
  owner!: CannedResponseOwnerResponse;
  /** ISO 8601 UTC. @example "2026-11-27T09:30:00.000Z" */
  createdAt!: string;
  /** ISO 8601 UTC; changes with every edit. @example "2026-11-27T09:30:00.000Z" */
  updatedAt!: string;
}

/** `GET /api/canned-responses`: the shared ones and the caller's personal ones, by title. */
export class CannedResponseListResponse {
  items!: CannedResponseResponse[];
}
