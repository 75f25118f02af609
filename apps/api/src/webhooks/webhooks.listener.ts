import { randomUUID } from 'node:crypto';

import { EventSubscriber, MikroORM, TransactionEventArgs } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';

import { WebhookDeliveryStatus, WebhookEvent } from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { toTicketResponse } from '../tickets/ticket.mapper';
import {
  TicketAssignedEvent,
  TicketEvent,
  TicketEvents,
  TicketRepliedEvent,
  TicketStatusChangedEvent,
  TicketUpdatedEvent,
} from '../tickets/ticket.events';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhooksService } from './webhooks.service';

/** One event waiting for its transaction: the payload's `data` is built at commit, once ids exist. */
interface PendingEvent {
  event: WebhookEvent;
  /** Whether it is an internal note (sent only to webhooks that opt in). */
  internal: boolean;
  /** The payload's `data`, with SLA figures as of `now`. */
  data(now: Date): Record<string, unknown>;
}

/**
 * Turns ticket domain events into webhook deliveries in the same transaction as the change (the
 * webhook outbox): `@OnEvent` handlers queue the event on the request's EntityManager; just before
 * that transaction commits (MikroORM's `beforeTransactionCommit`, when new tickets and replies have
 * their ids) one `webhook_deliveries` row per subscribed active webhook is inserted in it. A change
 * that rolls back delivers nothing; once committed, the worker is woken to send at once.
 *
 * The payload: `{id: <delivery id>, event, createdAt, data}`, `data` holding the ticket as staff see
 * it (`ticket`), plus `changes` and `previous` (`ticket.updated`), `from` and `to`
 * (`ticket.status_changed`), `previousAssignee` (`ticket.assigned`), or `reply` (`reply.created`).
 */
@Injectable()
export class WebhooksListener implements EventSubscriber, OnModuleInit {
  private readonly pending = new WeakMap<object, PendingEvent[]>();
  /** Transactions that inserted deliveries, to wake the worker once they commit. */
  private readonly queued = new WeakSet<object>();

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    private readonly webhooks: WebhooksService,
    private readonly worker: WebhookDeliveryWorker,
    private readonly clock: Clock,
  ) {}

  /** Registers this object as a MikroORM event subscriber. */
  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  /** Queues `ticket.created`. */
  @OnEvent(TicketEvents.Created)
  onCreated(event: TicketEvent): void {
    this.queue(WebhookEvent.TicketCreated, false, (now) => ({ ticket: ticketOf(event, now) }));
  }

  /** Queues `ticket.updated` with the changed fields and their previous values. */
  @OnEvent(TicketEvents.Updated)
  onUpdated(event: TicketUpdatedEvent): void {
    this.queue(WebhookEvent.TicketUpdated, false, (now) => ({
      ticket: ticketOf(event, now),
      changes: event.changes,
      previous: event.previous,
    }));
  }

  /** Queues `ticket.status_changed` (also the workflow's own moves, with `automatic`). */
  @OnEvent(TicketEvents.StatusChanged)
  onStatusChanged(event: TicketStatusChangedEvent): void {
    this.queue(WebhookEvent.TicketStatusChanged, false, (now) => ({
      ticket: ticketOf(event, now),
      from: event.from,
      to: event.to,
      automatic: event.automatic ?? null,
    }));
  }

  /** Queues `ticket.assigned`. */
  @OnEvent(TicketEvents.Assigned)
  onAssigned(event: TicketAssignedEvent): void {
    const previous = event.previousAssignee;
    this.queue(WebhookEvent.TicketAssigned, false, (now) => ({
      ticket: ticketOf(event, now),
      previousAssignee: previous ? { id: previous.id, name: previous.name, email: previous.email } : null,
    }));
  }

  /** Queues `reply.created` for a public reply. */
  @OnEvent(TicketEvents.Replied)
  onReplied(event: TicketRepliedEvent): void {
    this.queue(WebhookEvent.ReplyCreated, false, (now) => replyData(event, now));
  }

  /** Queues `reply.created` for an internal note (for webhooks with `includeInternalNotes` only). */
  @OnEvent(TicketEvents.NoteAdded)
  onNoteAdded(event: TicketRepliedEvent): void {
    this.queue(WebhookEvent.ReplyCreated, true, (now) => replyData(event, now));
  }

  /** Inserts the deliveries of the queued events into the transaction about to commit. */
  async beforeTransactionCommit({ em, transaction }: TransactionEventArgs): Promise<void> {
    const events = em ? this.pending.get(em) : undefined;
    if (!em || !events?.length) return;
    const queued = events.splice(0);
    const knex = em as unknown as EntityManager;
    const webhooks = await this.webhooks.activeWebhooks(knex, transaction);
    if (!webhooks.length) return;
    const platform = knex.getPlatform();
    const now = platform.processDateProperty(this.clock.now());
    const rows: unknown[][] = [];
    for (const pending of queued) {
      const targets = webhooks.filter(
        (webhook) => webhook.events.has(pending.event) && (!pending.internal || webhook.includeInternalNotes),
      );
      if (!targets.length) continue;
      const data = pending.data(this.clock.now());
      for (const webhook of targets) {
        const deliveryId = randomUUID();
        const payload = JSON.stringify({
          id: deliveryId,
          event: pending.event,
          createdAt: this.clock.now().toISOString(),
          data,
        });
        rows.push([
          webhook.id,
          deliveryId,
          pending.event,
          payload,
          WebhookDeliveryStatus.Pending,
          0,
          now,
          now,
        ]);
      }
    }
    if (!rows.length) return;
    await knex
      .getConnection('write')
      .execute(
        'insert into webhook_deliveries (webhook_id, delivery_id, event, payload, status, attempts, next_attempt_at, created_at) values ' +
          rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', '),
        rows.flat(),
        'run',
        transaction,
      );
    this.queued.add(em);
  }

  /** Wakes the worker once deliveries are committed. */
  afterTransactionCommit({ em }: TransactionEventArgs): void {
    if (em && this.queued.has(em)) {
      this.queued.delete(em);
      this.worker.kick();
    }
  }

  /** Forgets what a rolled-back change queued. */
  afterTransactionRollback({ em }: TransactionEventArgs): void {
    if (!em) return;
    this.pending.delete(em);
    this.queued.delete(em);
  }

  private queue(event: WebhookEvent, internal: boolean, data: (now: Date) => Record<string, unknown>): void {
    const em = this.em.getContext();
    let events = this.pending.get(em);
    if (!events) {
      events = [];
      this.pending.set(em, events);
    }
    events.push({ event, internal, data });
  }
}

/** The ticket as staff see it (SLA figures as of `now`). */
function ticketOf(event: TicketEvent, now: Date): unknown {
  return toTicketResponse(event.ticket, 'staff', now);
}

/** `reply.created`'s data: the ticket and the reply, its author named from the event. */
function replyData(event: TicketRepliedEvent, now: Date): Record<string, unknown> {
  const { reply, actor } = event;
  return {
    ticket: ticketOf(event, now),
    reply: {
      id: reply.id,
      content: reply.content,
      internal: reply.internal,
      author: actor ? { id: actor.id, name: actor.name, role: actor.role } : null,
      createdAt: reply.createdAt.toISOString(),
    },
  };
}
