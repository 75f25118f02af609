import { EventSubscriber, FlushEventArgs, MikroORM, TransactionEventArgs } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { AutomaticTrigger, NotificationType, SYSTEM_ACTOR_NAME } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SlaAlertEvent, SlaEvents } from '../sla/sla.events';
import { Ticket } from '../tickets/ticket.entity';
import {
  TicketAssignedEvent,
  TicketEvent,
  TicketEvents,
  TicketRepliedEvent,
  TicketStatusChangedEvent,
  TicketUpdatedEvent,
} from '../tickets/ticket.events';
import { ActiveStaffMember, ActiveUsersCache } from '../users/active-users.cache';
import { User } from '../users/user.entity';
import { EventFacts, renderAcknowledgement, renderEmail, truncate, wordingFor } from './notification.content';
import { Notification } from './notification.entity';
import { toNotificationResponse } from './notification.mapper';
import { EMAILED_TYPES, needsStaffList, Party, recipientsFor } from './notification.rules';
import { NotificationsGateway } from './notifications.gateway';
import { OutboxMessage } from './outbox-message.entity';

/** Events customers never hear of, not even as a `ticket.updated` push. */
const STAFF_ONLY_TYPES: ReadonlySet<NotificationType> = new Set([
  NotificationType.TicketNoteAdded,
  NotificationType.SlaAtRisk,
  NotificationType.SlaBreached,
]);

/** Whom a notification goes to: the ticket's customer or assignee (entities), or a member of staff. */
type Recipient = Party & Pick<User, 'name' | 'email' | 'emailNotifications'>;

/** One ticket event waiting for its unit of work to be flushed. */
interface PendingEvent {
  type: NotificationType;
  event: TicketEvent;
  facts: EventFacts;
  changes?: readonly string[];
  /** False when the event is told in-app only. */
  email: boolean;
}

/** What one EntityManager (one request) has queued: events before the flush, pushes after it. */
interface PendingState {
  events: PendingEvent[];
  notifications: Notification[];
  /** Tickets to push as `ticket.updated`; the flag says whether customers may hear of the change. */
  tickets: Map<Ticket, boolean>;
}

/**
 * Turns ticket domain events into notifications, e-mail and socket pushes, in three steps:
 * 1. `@OnEvent` handlers (synchronous, inside the service's call) only queue the event on the
 *    request's EntityManager;
 * 2. `beforeFlush` of that EntityManager (a MikroORM event subscriber, awaited before the flush's
 *    transaction) decides the recipients, taking the active staff from {@link ActiveUsersCache}
 *    when needed (cached, and on SQLite read off the one writer), and persists one
 *    `Notification` per recipient and one `OutboxMessage` per e-mail, so they commit in the same
 *    transaction as the ticket change;
 * 3. `afterTransactionCommit`, once the flush's own transaction (or, for a change made inside
 *    `em.transactional`, the enclosing one) has committed, pushes `notification` to each
 *    recipient's room and `ticket.updated` to the ticket's subscribers. A flush that fails, or a
 *    transaction rolled back after its flush, pushes nothing.
 */
@Injectable()
export class NotificationsListener implements EventSubscriber, OnModuleInit {
  private readonly pending = new WeakMap<object, PendingState>();

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    private readonly gateway: NotificationsGateway,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly activeUsers: ActiveUsersCache,
  ) {}

  /** Registers this object as a MikroORM event subscriber (shared by every fork). */
  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  /** Queues `ticket.created` (all active staff hear of it, in-app only). */
  @OnEvent(TicketEvents.Created)
  onCreated(event: TicketEvent): void {
    this.queue(NotificationType.TicketCreated, event, { text: event.ticket.description });
  }

  /** Queues `ticket.assigned`. */
  @OnEvent(TicketEvents.Assigned)
  onAssigned(event: TicketAssignedEvent): void {
    this.queue(NotificationType.TicketAssigned, event, { assigneeName: event.ticket.assignee?.name });
  }

  /**
   * Queues `ticket.status_changed`, also for automatic moves; the move that an assignment makes is
   * told in-app only, since the assignment's own e-mail already carries the new status, and so is a
   * `quiet` one (an automatic close long past its due time).
   */
  @OnEvent(TicketEvents.StatusChanged)
  onStatusChanged(event: TicketStatusChangedEvent): void {
    this.queue(
      NotificationType.TicketStatusChanged,
      event,
      { from: event.from, automatic: event.automatic },
      undefined,
      {
        email: event.automatic !== AutomaticTrigger.Assigned && !event.quiet,
      },
    );
  }

  /** Queues `ticket.replied` (a public reply). */
  @OnEvent(TicketEvents.Replied)
  onReplied(event: TicketRepliedEvent): void {
    this.queue(NotificationType.TicketReplied, event, { text: event.reply.content });
  }

  /** Queues `ticket.note_added` (an internal note: staff only). */
  @OnEvent(TicketEvents.NoteAdded)
  onNoteAdded(event: TicketRepliedEvent): void {
    this.queue(NotificationType.TicketNoteAdded, event, { text: event.reply.content });
  }

  /** Queues `sla.at_risk` (staff: the assignee, or everyone when unassigned). */
  @OnEvent(SlaEvents.AtRisk)
  onSlaAtRisk(event: SlaAlertEvent): void {
    this.queue(NotificationType.SlaAtRisk, event, {
      slaTarget: event.target,
      dueAt: event.dueAt.toISOString(),
    });
  }

  /** Queues `sla.breached` (staff: the assignee, or everyone when unassigned; and every admin). */
  @OnEvent(SlaEvents.Breached)
  onSlaBreached(event: SlaAlertEvent): void {
    this.queue(NotificationType.SlaBreached, event, {
      slaTarget: event.target,
      dueAt: event.dueAt.toISOString(),
    });
  }

  /** Queues `ticket.updated`. */
  @OnEvent(TicketEvents.Updated)
  onUpdated(event: TicketUpdatedEvent): void {
    this.queue(NotificationType.TicketUpdated, event, { changes: event.changes }, event.changes);
  }

  /** Writes the notifications and e-mail of the queued events into the unit of work about to be flushed. */
  async beforeFlush({ em }: FlushEventArgs): Promise<void> {
    const state = this.pending.get(em);
    if (!state?.events.length) return;
    const events = state.events.splice(0);
    let staff: readonly ActiveStaffMember[] | undefined;
    for (const { type, event, facts, changes, email } of events) {
      const { ticket, actor } = event;
      state.tickets.set(ticket, (state.tickets.get(ticket) ?? false) || !STAFF_ONLY_TYPES.has(type));
      if (needsStaffList(type, actor?.role ?? null, !!ticket.assignee) && !staff) {
        staff = await this.activeUsers.staff(em as EntityManager);
      }
      const recipients = recipientsFor<Recipient>({
        type,
        actor,
        customer: ticket.customer,
        assignee: ticket.assignee,
        staff: staff ?? [],
        changes,
      });
      if (type === NotificationType.TicketCreated) this.acknowledge(em, ticket);
      const withId = { ...facts, ticketId: ticket.id };
      const { title, body } = wordingFor(withId);
      const now = this.clock.now();
      for (const user of recipients) {
        state.notifications.push(
          em.create(Notification, {
            user: em.getReference(User, user.id),
            type,
            ticket,
            title: truncate(title, 300),
            body: truncate(body),
            createdAt: now,
            readAt: null,
          }),
        );
        if (email && EMAILED_TYPES.has(type) && user.emailNotifications && ticket.id) {
          const mail = renderEmail(
            { ...withId, ticketId: ticket.id },
            user.name,
            this.config.appUrl,
            ticket.status,
          );
          em.create(OutboxMessage, {
            to: user.email,
            ...mail,
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
            ticket,
          });
        }
      }
    }
  }

  /**
   * Writes the customer's acknowledgement of a new ticket to the outbox ("We received your request
   * [TICK-...]"), unless they turned e-mail notifications off.
   */
  private acknowledge(em: FlushEventArgs['em'], ticket: Ticket): void {
    const customer = ticket.customer;
    if (!customer.active || !customer.emailNotifications) return;
    const now = this.clock.now();
    const mail = renderAcknowledgement(
      ticket,
      customer.name,
      `${this.config.appUrl}/tickets/${ticket.number}`,
      this.config.appUrl,
    );
    em.create(OutboxMessage, {
      to: customer.email,
      ...mail,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      ticket,
    });
  }

  /**
   * Once the outermost transaction has committed, pushes what its flushes wrote to the connected
   * sockets (MikroORM runs this hook for root transactions only, not for savepoints).
   */
  afterTransactionCommit({ em }: TransactionEventArgs): void {
    const state = this.pending.get(em);
    if (!state || state.events.length || (!state.notifications.length && !state.tickets.size)) return;
    const notifications = state.notifications.splice(0);
    const tickets = [...state.tickets];
    state.tickets.clear();
    // Ticket updates first: a client that has its notification has also had the ticket.updated before it.
    for (const [ticket, customersToo] of tickets) this.gateway.pushTicket(ticket, customersToo);
    for (const notification of notifications) {
      this.gateway.pushNotification(notification.user.id, toNotificationResponse(notification));
    }
  }

  /**
   * Forgets what a rolled-back transaction (a failed flush's own, or the enclosing
   * `em.transactional`'s) would have pushed: those rows were never committed.
   */
  afterTransactionRollback({ em }: TransactionEventArgs): void {
    this.pending.delete(em);
  }

  private queue(
    type: NotificationType,
    event: TicketEvent,
    extra: Partial<EventFacts>,
    changes?: readonly string[],
    { email } = { email: true },
  ): void {
    const em = this.em.getContext();
    let state = this.pending.get(em);
    if (!state) {
      state = { events: [], notifications: [], tickets: new Map() };
      this.pending.set(em, state);
    }
    const { ticket, actor } = event;
    const facts: EventFacts = {
      type,
      ticketId: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      actorName: actor?.name ?? SYSTEM_ACTOR_NAME,
      ...extra,
    };
    state.events.push({ type, event, facts, changes, email });
  }
}
