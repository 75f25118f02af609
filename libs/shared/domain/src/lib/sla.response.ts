import { TicketPriority } from './enums';
import type { SlaPolicy } from './sla';

/** The SLA targets of one priority, in minutes (business minutes when business hours are on). */
export class SlaPolicyResponse implements SlaPolicy {
  /** @example "urgent" */
  priority!: TicketPriority;
  /** Time to staff's first public reply. @example 120 */
  firstResponseMinutes!: number;
  /** Time to resolution, not counting the time waiting on the customer. @example 1440 */
  resolutionMinutes!: number;
  /** When an admin last changed it; null for the installation's defaults. ISO 8601 UTC. */
  updatedAt!: string | null;
}

/** `GET /api/sla-policies`: the policy of every priority, most urgent first. */
export class SlaPolicyListResponse {
  items!: SlaPolicyResponse[];
}
