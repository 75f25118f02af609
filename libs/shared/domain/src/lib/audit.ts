/**
 * What an entry of the audit log records: every admin action on users, categories and settings
 * (`GET /api/audit`).
 */
export enum AuditAction {
  UserCreated = 'user.created',
  /** Names or e-mail changed. */
  UserUpdated = 'user.updated',
  UserRoleChanged = 'user.role_changed',
  UserDeactivated = 'user.deactivated',
  UserReactivated = 'user.reactivated',
  CategoryCreated = 'category.created',
  CategoryUpdated = 'category.updated',
  CategoryDeactivated = 'category.deactivated',
  CategoryReactivated = 'category.reactivated',
  SettingsUpdated = 'settings.updated',
}

/** Every audit action, in declaration order. */
export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AuditAction);

/** What an audit entry is about. */
export type AuditTargetType = 'user' | 'category' | 'settings';

/** Every audit target type. */
export const AUDIT_TARGET_TYPES: readonly AuditTargetType[] = ['user', 'category', 'settings'];

/**
 * The fields an audited action changed, each with its value before and after (`from` is null for a
 * creation). Never holds a password, a password hash or a token.
 */
export type AuditChanges = Record<string, { from: unknown; to: unknown }>;
