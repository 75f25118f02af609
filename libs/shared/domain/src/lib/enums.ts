/** Who a user is to the helpdesk. An admin can do everything an agent can. */
export enum Role {
  Customer = 'customer',
  Agent = 'agent',
  Admin = 'admin',
}

/** Where a ticket stands in its life cycle; moves between them follow {@link STATUS_TRANSITIONS}. */
export enum TicketStatus {
  Open = 'open',
  InProgress = 'in_progress',
  WaitingOnCustomer = 'waiting_on_customer',
  Resolved = 'resolved',
  Closed = 'closed',
  Reopened = 'reopened',
}

/** How urgent a ticket is, lowest first. */
export enum TicketPriority {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
  Urgent = 'urgent',
}

/** The five default categories a new installation starts with (categories are managed by admins). */
export enum TicketCategory {
  General = 'general',
  Technical = 'technical',
  Billing = 'billing',
  Account = 'account',
  FeatureRequest = 'feature_request',
}

/** Every status, in life-cycle order (for filter chips and validation messages). */
export const TICKET_STATUSES: readonly TicketStatus[] = Object.values(TicketStatus);
/** Every priority, lowest first; the index is the priority's rank. */
export const TICKET_PRIORITIES: readonly TicketPriority[] = Object.values(TicketPriority);
/** Every category. */
export const TICKET_CATEGORIES: readonly TicketCategory[] = Object.values(TicketCategory);
/** Every role. */
export const ROLES: readonly Role[] = Object.values(Role);
