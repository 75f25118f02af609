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
  /** A shared canned response added, or a personal one shared. */
  CannedResponseCreated = 'canned_response.created',
  /** A shared canned response changed (title, body, or no longer shared). */
  CannedResponseUpdated = 'canned_response.updated',
  /** A shared canned response deleted. */
  CannedResponseDeleted = 'canned_response.deleted',
  SettingsUpdated = 'settings.updated',
  /** The SLA targets of a priority changed (`firstResponseMinutes`, `resolutionMinutes`). */
  SlaPolicyUpdated = 'sla_policy.updated',
  /** A webhook added: its URL, events and flags (never its signing secret). */
  WebhookCreated = 'webhook.created',
  /** A webhook's URL, events or `includeInternalNotes` changed. */
  WebhookUpdated = 'webhook.updated',
  /** A webhook turned on (`active`), perhaps with other changes; clears the reason it was switched off. */
  WebhookEnabled = 'webhook.enabled',
  /** A webhook turned off (`active: false`), perhaps with other changes. */
  WebhookDisabled = 'webhook.disabled',
  /** A webhook given a new signing secret; the entry records that it changed, never the secret. */
  WebhookSecretChanged = 'webhook.secret_changed',
  /** A webhook deleted, with its deliveries. */
  WebhookDeleted = 'webhook.deleted',
}

/** Every audit action, in declaration order. */
export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AuditAction);

/** What an audit entry is about. */
export type AuditTargetType = 'user' | 'category' | 'settings' | 'canned_response' | 'sla_policy' | 'webhook';

/** Every audit target type. */
export const AUDIT_TARGET_TYPES: readonly AuditTargetType[] = [
  'user',
  'category',
  'settings',
  'canned_response',
  'sla_policy',
  'webhook',
];

/**
 * The fields an audited action changed, each with its value before and after (`from` is null for a
 * creation). Never holds a password, a password hash or a token.
 */
export type AuditChanges = Record<string, { from: unknown; to: unknown }>;
