import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

import {
  AuditAction,
  AuditChanges,
  AuditPageResponse,
  AuditTargetType,
  DEFAULT_PAGE_SIZE,
} from '@hd/shared/domain';
import { PageQueryDto } from '@hd/shared/dto';

import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { User } from '../users/user.entity';
import { AuditEvent } from './audit-event.entity';
import { toAuditEventResponse } from './audit.mapper';

/** One admin action to write to the audit log. */
export interface AuditRecord {
  /** Who acted; null for the system. */
  actor: AuthUser | null;
  action: AuditAction;
  /** What was acted on: a user or category by id, or the settings (id 0). */
  target: { type: AuditTargetType; id: number };
  /** Each changed field with its value before and after (`from: null` on creation). */
  changes: AuditChanges;
}

/** Field names whose values never enter the audit log, whatever a caller passes. */
const SECRET_FIELD = /password|token|hash|secret/i;

/**
 * The fields of `after` whose value differs from `before`, as audit changes (compared with `===`,
 * so pass plain values: strings, numbers, booleans, null).
 */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): AuditChanges {
  const changes: AuditChanges = {};
  for (const [field, to] of Object.entries(after)) {
    const from = before[field] ?? null;
    if (to !== undefined && to !== from) changes[field] = { from, to };
  }
  return changes;
}

/** The actions of an update that may also switch a record on or off. */
export interface ToggleActions {
  /** Other fields changed, `active` did not. */
  updated: AuditAction;
  /** `active` became true. */
  on: AuditAction;
  /** `active` became false. */
  off: AuditAction;
}

/**
 * The action to audit `changes` under: `actions.on` or `actions.off` when `active` is among them
 * (by its new value, `activeNow`), `actions.updated` otherwise.
 */
export function toggleAwareAction(
  changes: AuditChanges,
  activeNow: boolean,
  actions: ToggleActions,
): AuditAction {
  if (changes['active'] === undefined) return actions.updated;
  return activeNow ? actions.on : actions.off;
}

/** The audit log of admin actions: written with the change, read by admins. */
@Injectable()
export class AuditService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds an entry to the current unit of work without flushing: the caller's flush commits it in
   * the same transaction as the change it records (and a failed change leaves no entry). Fields
   * named like a password, token, hash or secret are dropped from `changes`. To record a creation,
   * flush the new row first inside `em.transactional()` so that its id is known (see
   * `UserAdminService.create`). Work outside a request (a background worker) passes the
   * EntityManager of its own transaction as `em`.
   */
  record(entry: AuditRecord, em: EntityManager = this.em): AuditEvent {
    const changes = Object.fromEntries(
      Object.entries(entry.changes).filter(([field]) => !SECRET_FIELD.test(field)),
    );
    const event = em.create(
      AuditEvent,
      {
        at: this.clock.now(),
        actor: entry.actor ? em.getReference(User, entry.actor.id) : null,
        action: entry.action,
        targetType: entry.target.type,
        targetId: entry.target.id,
        changes,
      },
      { persist: false },
    );
    em.persist(event);
    return event;
  }

  /** A page of the audit log, newest first. */
  async list(query: PageQueryDto): Promise<AuditPageResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const [events, total] = await this.em.findAndCount(
      AuditEvent,
      {},
      {
        populate: ['actor'],
        orderBy: { at: 'desc', id: 'desc' },
        limit: pageSize,
        offset: (page - 1) * pageSize,
      },
    );
    return { items: events.map(toAuditEventResponse), total, page, pageSize };
  }
}
