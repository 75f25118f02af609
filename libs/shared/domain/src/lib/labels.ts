import { AuditAction } from './audit';
import { Role, TicketCategory, TicketPriority, TicketStatus } from './enums';

/** What people read for each ticket status, in the web app and in e-mails alike. */
export const STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  [TicketStatus.Open]: 'Open',
  [TicketStatus.InProgress]: 'In progress',
  [TicketStatus.WaitingOnCustomer]: 'Waiting on customer',
  [TicketStatus.Resolved]: 'Resolved',
  [TicketStatus.Closed]: 'Closed',
  [TicketStatus.Reopened]: 'Reopened',
};

/** What people read for each priority. */
export const PRIORITY_LABELS: Readonly<Record<TicketPriority, string>> = {
  [TicketPriority.Low]: 'Low',
  [TicketPriority.Medium]: 'Medium',
  [TicketPriority.High]: 'High',
  [TicketPriority.Urgent]: 'Urgent',
};

/**
 * What people read for each of the five default categories (by slug). Categories are managed by
 * admins (`GET /api/categories` carries every category's name); this is the fallback for clients
 * that have not loaded them.
 */
export const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  [TicketCategory.General]: 'General',
  [TicketCategory.Technical]: 'Technical',
  [TicketCategory.Billing]: 'Billing',
  [TicketCategory.Account]: 'Account',
  [TicketCategory.FeatureRequest]: 'Feature request',
};

/** What people read for each role. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  [Role.Customer]: 'Customer',
  [Role.Agent]: 'Agent',
  [Role.Admin]: 'Admin',
};

/** What people read for each audit-log action. */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  [AuditAction.UserCreated]: 'User created',
  [AuditAction.UserUpdated]: 'User updated',
  [AuditAction.UserRoleChanged]: 'Role changed',
  [AuditAction.UserDeactivated]: 'User deactivated',
  [AuditAction.UserReactivated]: 'User reactivated',
  [AuditAction.CategoryCreated]: 'Category created',
  [AuditAction.CategoryUpdated]: 'Category updated',
  [AuditAction.CategoryDeactivated]: 'Category deactivated',
  [AuditAction.CategoryReactivated]: 'Category reactivated',
  [AuditAction.SettingsUpdated]: 'Settings updated',
};

/** A role with its indefinite article, to start a sentence ("An agent may not ..."). */
export const ROLE_WITH_ARTICLE: Readonly<Record<Role, string>> = {
  [Role.Customer]: 'A customer',
  [Role.Agent]: 'An agent',
  [Role.Admin]: 'An admin',
};
