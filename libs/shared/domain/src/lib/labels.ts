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

/** What people read for each category. */
export const CATEGORY_LABELS: Readonly<Record<TicketCategory, string>> = {
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
