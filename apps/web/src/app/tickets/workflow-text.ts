import { REOPEN_WINDOW_DAYS, TicketStatus } from '@hd/shared/domain';

import type { IconName } from '../core/icons';

/** What happens next, per status, for the ticket's customer and for staff. */
export const STATUS_EXPLANATIONS: Readonly<Record<TicketStatus, { customer: string; staff: string }>> = {
  [TicketStatus.Open]: {
    customer:
      'We have your ticket. An agent will pick it up soon; you can still edit or delete it until then.',
    staff: 'New ticket. Assign it to start work.',
  },
  [TicketStatus.InProgress]: {
    customer: 'An agent is working on it. Their replies will appear below.',
    staff: 'Work in progress. Ask the customer for information, or resolve it when done.',
  },
  [TicketStatus.WaitingOnCustomer]: {
    customer:
      'We need more information from you. Reply below and the ticket goes straight back to the agent.',
    staff: 'Waiting on the customer. Their reply moves it back to in progress.',
  },
  [TicketStatus.Resolved]: {
    customer: 'We think this is solved. Close it if you agree, or reopen it if the problem is still there.',
    staff: 'Resolved. The customer can close it or reopen it.',
  },
  [TicketStatus.Closed]: {
    customer: `This ticket is closed. You can reopen it within ${REOPEN_WINDOW_DAYS} days of closing; after that, please open a new ticket.`,
    staff: `Closed. Only the customer can reopen it, within ${REOPEN_WINDOW_DAYS} days of closing.`,
  },
  [TicketStatus.Reopened]: {
    customer: 'Reopened. An agent will take it up again soon.',
    staff: 'Reopened by the customer. Take it up again.',
  },
};

/** The label of the button that moves a ticket from `from` to `to`. */
export function transitionLabel(from: TicketStatus, to: TicketStatus): string {
  switch (to) {
    case TicketStatus.InProgress:
      return from === TicketStatus.Open ? 'Start work' : 'Resume work';
    case TicketStatus.WaitingOnCustomer:
      return 'Ask customer for info';
    case TicketStatus.Resolved:
      return 'Mark resolved';
    case TicketStatus.Closed:
      return 'Close ticket';
    case TicketStatus.Reopened:
      return 'Reopen';
    default:
      return to;
  }
}

/** The Material icon of a move to `to`. */
export function transitionIcon(to: TicketStatus): IconName {
  const icons: Partial<Record<TicketStatus, IconName>> = {
    [TicketStatus.InProgress]: 'play_arrow',
    [TicketStatus.WaitingOnCustomer]: 'help_outline',
    [TicketStatus.Resolved]: 'check_circle',
    [TicketStatus.Closed]: 'lock',
    [TicketStatus.Reopened]: 'replay',
  };
  return icons[to] ?? 'arrow_forward';
}
