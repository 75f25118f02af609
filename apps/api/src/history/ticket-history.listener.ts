import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { TicketHistoryType } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { SlaAlertEvent, SlaEvents } from '../sla/sla.events';
import {
  TicketAssignedEvent,
  TicketEvent,
  TicketEvents,
  TicketRepliedEvent,
  TicketStatusChangedEvent,
  TicketUpdatedEvent,
} from '../tickets/ticket.events';
import { User } from '../users/user.entity';
import { TicketHistoryEvent } from './ticket-history-event.entity';

/** The history event of each edited field; the others are `edited` with the field named. */
const FIELD_TYPES: Partial<Record<string, TicketHistoryType>> = {
  priority: TicketHistoryType.PriorityChanged,
  category: TicketHistoryType.CategoryChanged,
};

/**
 * Records every ticket change as history. The ticket events are emitted before the service's
 * flush, so each event row is persisted (not flushed) into the same unit of work and commits in
 * the same transaction as the change, or not at all.
 */
@Injectable()
export class TicketHistoryListener {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** `created`. */
  @OnEvent(TicketEvents.Created)
  onCreated({ ticket, actor }: TicketEvent): void {
    this.record({ ticket, actor }, TicketHistoryType.Created);
  }

  /** `status_changed`, from and to as status codes. */
  @OnEvent(TicketEvents.StatusChanged)
  onStatusChanged(event: TicketStatusChangedEvent): void {
    this.record(event, TicketHistoryType.StatusChanged, { from: event.from, to: event.to });
  }

  /** `priority_changed`, `category_changed`, or `edited` per field. */
  @OnEvent(TicketEvents.Updated)
  onUpdated(event: TicketUpdatedEvent): void {
    for (const field of event.changes) {
      const type = FIELD_TYPES[field] ?? TicketHistoryType.Edited;
      this.record(event, type, {
        field: type === TicketHistoryType.Edited ? field : null,
        from: event.previous[field] ?? null,
        to: (event.ticket as unknown as Record<string, string | null>)[field] ?? null,
      });
    }
  }

  /** `assigned` (to the new assignee, from the previous one) or `unassigned`, by name. */
  @OnEvent(TicketEvents.Assigned)
  onAssigned(event: TicketAssignedEvent): void {
    const to = event.ticket.assignee;
    this.record(event, to ? TicketHistoryType.Assigned : TicketHistoryType.Unassigned, {
      from: event.previousAssignee?.name ?? null,
      to: to?.name ?? null,
    });
  }

  /** `reply_added`. */
  @OnEvent(TicketEvents.Replied)
  onReplied(event: TicketRepliedEvent): void {
    this.record(event, TicketHistoryType.ReplyAdded);
  }

  /** `internal_note_added`, which customers never see. */
  @OnEvent(TicketEvents.NoteAdded)
  onNoteAdded(event: TicketRepliedEvent): void {
    this.record(event, TicketHistoryType.InternalNoteAdded, { internal: true });
  }

  /** `deleted`. */
  @OnEvent(TicketEvents.Deleted)
  onDeleted(event: TicketEvent): void {
    this.record(event, TicketHistoryType.Deleted);
  }

  /**
   * `sla_breached`, a system event staff only see (`internal`): `field` the target
   * (`first_response`, `resolution`), `to` its due time (ISO 8601).
   */
  @OnEvent(SlaEvents.Breached)
  onSlaBreached(event: SlaAlertEvent): void {
    this.record(event, TicketHistoryType.SlaBreached, {
      field: event.target,
      to: event.dueAt.toISOString(),
      internal: true,
    });
  }

  private record(
    { ticket, actor }: TicketEvent,
    type: TicketHistoryType,
    details: { field?: string | null; from?: string | null; to?: string | null; internal?: boolean } = {},
  ): void {
    this.em.persist(
      this.em.create(TicketHistoryEvent, {
        ticket,
        at: this.clock.now(),
        actor: actor ? this.em.getReference(User, actor.id) : null,
        system: !actor,
        type,
        field: details.field ?? null,
        fromValue: details.from ?? null,
        toValue: details.to ?? null,
        internal: details.internal ?? false,
      }),
    );
  }
}
