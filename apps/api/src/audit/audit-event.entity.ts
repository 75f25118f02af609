import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';

import { AuditAction, AuditChanges, AuditTargetType } from '@hd/shared/domain';

import { User } from '../users/user.entity';

/**
 * One entry of the audit log: an admin action on a user, a category or the settings, written in
 * the same transaction as the change (see `AuditService.record`). `action` and `target_type` are
 * plain text columns (no CHECK list), so new actions need no migration.
 */
@Entity({ tableName: 'audit_events' })
@Index({ name: 'audit_events_at_index', properties: ['at'] })
@Index({ name: 'audit_events_target_index', properties: ['targetType', 'targetId'] })
export class AuditEvent {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'Date' })
  at!: Date;

  /** Who acted; null for the system, or once that account's row is gone. */
  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  actor: User | null = null;

  @Property({ type: 'string', length: 40 })
  action!: AuditAction;

  @Property({ type: 'string', length: 16 })
  targetType!: AuditTargetType;

  /** The id of the user or category; 0 for the settings. */
  @Property({ type: 'integer' })
  targetId!: number;

  /** Each changed field with `{from, to}`; never a password, a hash or a token. */
  @Property({ type: 'json' })
  changes!: AuditChanges;
}
