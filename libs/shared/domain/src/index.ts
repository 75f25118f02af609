/**
 * `@hd/shared/domain`: the helpdesk's rules and shapes, browser-safe (no decorators, no heavy
 * dependencies): enums, the status workflow, the permission table, limits, labels, error codes,
 * notification event names and the response shapes. The password policy (zxcvbn, ~1.6 MB) is
 * loaded only where it is needed, on first use ({@link loadPasswordPolicy}).
 */
export * from './lib/enums';
export * from './lib/errors';
export * from './lib/limits';
export * from './lib/password-policy-loader';
export * from './lib/labels';
export * from './lib/permission-rule';
export * from './lib/permissions';
export * from './lib/workflow';
export * from './lib/notification-events';
export * from './lib/names';
export * from './lib/audit';
export * from './lib/requests';
export * from './lib/ticket-number';
export * from './lib/history';
export * from './lib/history.response';
export * from './lib/categories.response';
export * from './lib/auth.response';
export * from './lib/users.response';
export * from './lib/tickets.response';
export * from './lib/common.response';
export * from './lib/notifications.response';
export * from './lib/audit.response';
export * from './lib/canned-responses';
export * from './lib/canned-responses.response';
export * from './lib/api-tokens';
export * from './lib/api-tokens.response';
export * from './lib/settings';
export * from './lib/webhooks';
export * from './lib/webhooks.response';
export * from './lib/settings.response';
export * from './lib/automation';
export * from './lib/business-time';
export * from './lib/sla';
export * from './lib/sla.response';
export * from './lib/reports';
export * from './lib/reports.response';
export * from './lib/attachments';
export * from './lib/attachments.response';
