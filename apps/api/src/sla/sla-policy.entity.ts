import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

import { TicketPriority } from '@hd/shared/domain';

/**
 * The SLA targets of one priority (`sla_policies`, one row per priority, seeded with
 * `DEFAULT_SLA_POLICIES` by the migration): minutes to the first response and to resolution,
 * business minutes when business hours are on. Admins change them with `PUT /api/sla-policies/:priority`.
 */
@Entity({ tableName: 'sla_policies' })
export class SlaPolicy {
  /** The priority's name (`urgent`, `high`, `medium`, `low`). */
  @PrimaryKey({ type: 'string', length: 16 })
  priority!: TicketPriority;

  /** Minutes to staff's first public reply. */
  @Property({ type: 'integer' })
  firstResponseMinutes!: number;

  /** Minutes to resolution, the time waiting on the customer not counted. */
  @Property({ type: 'integer' })
  resolutionMinutes!: number;

  /** When an admin last changed it; null for the defaults the migration wrote. */
  @Property({ type: 'Date', nullable: true })
  updatedAt: Date | null = null;
}
