import { Role } from './enums';
import { TicketHistoryType } from './history';

/** Who made a recorded change: a person (by name, never by e-mail), or null for the system. */
export class HistoryActor {
  /** @example 2 */
  id!: number;
  /** @example "Alex Agent" */
  name!: string;
  role!: Role;
}

/** One recorded change of a ticket. */
export class TicketHistoryEventResponse {
  /** @example 12 */
  id!: number;
  /** When it happened, ISO 8601 UTC. */
  at!: string;
  /** Who did it; null for automatic changes by the system. */
  actor!: HistoryActor | null;
  /** True for automatic changes (automation), which have no actor. */
  system!: boolean;
  type!: TicketHistoryType;
  /** For `edited`: which field. @example "subject" */
  field?: string;
  /** The value before (statuses, priorities and category slugs as codes; people by name). */
  from?: string | null;
  /** The value after. */
  to?: string | null;
}

/** `GET /api/tickets/:id/history`: the ticket's changes, oldest first. */
export class TicketHistoryResponse {
  items!: TicketHistoryEventResponse[];
}
