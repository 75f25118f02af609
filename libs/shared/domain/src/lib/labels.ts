import { ApiTokenScope } from './api-tokens';
import { AuditAction } from './audit';
import { Role, TicketCategory, TicketPriority, TicketStatus } from './enums';
import { AssignmentMode } from './settings';
import { SlaTarget } from './sla';
import { WebhookDeliveryStatus, WebhookEvent } from './webhooks';

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

/** Who people read as the author of what the helpdesk did by itself (automation), in history, notifications and e-mail. */
export const SYSTEM_ACTOR_NAME = 'The helpdesk';

/** What people read for each SLA target, in the web app, notifications and e-mail alike. */
export const SLA_TARGET_LABELS: Readonly<Record<SlaTarget, string>> = {
  [SlaTarget.FirstResponse]: 'First response',
  [SlaTarget.Resolution]: 'Resolution',
};

/** What people read for each automatic-assignment mode (`assignment.mode`). */
export const ASSIGNMENT_MODE_LABELS: Readonly<Record<AssignmentMode, string>> = {
  [AssignmentMode.Manual]: 'Manual',
  [AssignmentMode.RoundRobin]: 'Round robin',
  [AssignmentMode.LeastLoaded]: 'Least loaded',
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
  [AuditAction.CannedResponseCreated]: 'Shared canned response added',
  [AuditAction.CannedResponseUpdated]: 'Shared canned response changed',
  [AuditAction.CannedResponseDeleted]: 'Shared canned response deleted',
  [AuditAction.SettingsUpdated]: 'Settings updated',
  [AuditAction.SlaPolicyUpdated]: 'SLA policy changed',
  [AuditAction.WebhookCreated]: 'Webhook added',
  [AuditAction.WebhookUpdated]: 'Webhook changed',
  [AuditAction.WebhookEnabled]: 'Webhook turned on',
  [AuditAction.WebhookDisabled]: 'Webhook turned off',
  [AuditAction.WebhookSecretChanged]: 'Webhook signing secret changed',
  [AuditAction.WebhookDeleted]: 'Webhook deleted',
};

/** A role with its indefinite article, to start a sentence ("An agent may not ..."). */
export const ROLE_WITH_ARTICLE: Readonly<Record<Role, string>> = {
  [Role.Customer]: 'A customer',
  [Role.Agent]: 'An agent',
  [Role.Admin]: 'An admin',
};

/** What people read for each API token scope (the scope's own name, e.g. `tickets:read`, shows beside it). */
export const API_TOKEN_SCOPE_LABELS: Readonly<Record<ApiTokenScope, string>> = {
  [ApiTokenScope.TicketsRead]: 'Read tickets',
  [ApiTokenScope.TicketsWrite]: 'Create and change tickets',
  [ApiTokenScope.UsersRead]: 'Read users',
  [ApiTokenScope.ReportsRead]: 'Read reports',
  [ApiTokenScope.Admin]: 'Administration',
};

/** What people read for each webhook event (the event's own name, e.g. `ticket.created`, shows beside it). */
export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEvent, string>> = {
  [WebhookEvent.TicketCreated]: 'Ticket created',
  [WebhookEvent.TicketUpdated]: 'Ticket updated',
  [WebhookEvent.TicketStatusChanged]: 'Status changed',
  [WebhookEvent.TicketAssigned]: 'Ticket assigned',
  [WebhookEvent.ReplyCreated]: 'Reply added',
};

/** What people read for where a webhook delivery stands. */
export const WEBHOOK_DELIVERY_STATUS_LABELS: Readonly<Record<WebhookDeliveryStatus, string>> = {
  [WebhookDeliveryStatus.Pending]: 'Pending',
  [WebhookDeliveryStatus.Delivered]: 'Delivered',
  [WebhookDeliveryStatus.Failed]: 'Failed',
};
