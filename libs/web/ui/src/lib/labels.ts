import type { Role, TicketCategory, TicketPriority, TicketStatus } from '@hd/shared/dto';

/** What people read for each ticket status. */
export const STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  open: 'Open',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
  closed: 'Closed',
  reopened: 'Reopened',
} as Record<TicketStatus, string>;

/** What people read for each priority. */
export const PRIORITY_LABELS: Readonly<Record<TicketPriority, string>> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
} as Record<TicketPriority, string>;

/** What people read for each category. */
export const CATEGORY_LABELS: Readonly<Record<TicketCategory, string>> = {
  general: 'General',
  technical: 'Technical',
  billing: 'Billing',
  account: 'Account',
  feature_request: 'Feature request',
} as Record<TicketCategory, string>;

/** What people read for each role. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  customer: 'Customer',
  agent: 'Agent',
  admin: 'Admin',
} as Record<Role, string>;
