import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';

import { SlaAlertKind, SlaTarget } from '@hd/shared/domain';

import { Ticket } from '../tickets/ticket.entity';

/**
 * An SLA alert that was raised (`sla.at_risk` or `sla.breached` for one target of one ticket): the
 * unique key (ticket, target, kind) lets the `sla.check` job raise each at most once, whichever
 * replica runs it and however often. `target` and `kind` are plain text columns (no CHECK list).
 */
@Entity({ tableName: 'sla_alerts' })
@Unique({ name: 'sla_alerts_ticket_target_kind_unique', properties: ['ticket', 'target', 'kind'] })
export class SlaAlert {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Ticket, deleteRule: 'cascade', index: false })
  ticket!: Ticket;

  /** `first_response` or `resolution`. */
  @Property({ type: 'string', length: 16 })
  target!: SlaTarget;

  /** `at_risk` or `breached`. */
  @Property({ type: 'string', length: 16 })
  kind!: SlaAlertKind;

  /** The target's due time when the alert was raised. */
  @Property({ type: 'Date' })
  dueAt!: Date;

  /** When it was raised (the job's clock). */
  @Property({ type: 'Date' })
  raisedAt!: Date;
}
