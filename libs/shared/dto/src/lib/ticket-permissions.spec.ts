import { Role, TicketStatus } from './enums';
import { canChangePriority, canDeleteTicket, canEditTicket } from './ticket-permissions';

const statuses = Object.values(TicketStatus);

describe('canEditTicket()', () => {
  it.each(statuses)('lets staff edit a %s ticket', (status) => {
    expect(canEditTicket({ status, assignee: null }, Role.Agent)).toBe(true);
    expect(canEditTicket({ status, assignee: null }, Role.Admin)).toBe(true);
  });

  it.each(statuses)('lets the customer edit a %s ticket unless it is closed', (status) => {
    expect(canEditTicket({ status, assignee: null }, Role.Customer)).toBe(status !== TicketStatus.Closed);
  });
});

describe('canChangePriority()', () => {
  it('is for staff only', () => {
    expect([Role.Customer, Role.Agent, Role.Admin].map(canChangePriority)).toEqual([false, true, true]);
  });
});

describe('canDeleteTicket()', () => {
  it.each(statuses)('lets the customer delete a %s ticket only when it is open and unassigned', (status) => {
    expect(canDeleteTicket({ status, assignee: null }, Role.Customer)).toBe(status === TicketStatus.Open);
    expect(canDeleteTicket({ status, assignee: { id: 2 } }, Role.Customer)).toBe(false);
  });

  it.each(statuses)('never lets an agent delete a %s ticket, and always an admin', (status) => {
    expect(canDeleteTicket({ status, assignee: null }, Role.Agent)).toBe(false);
    expect(canDeleteTicket({ status, assignee: { id: 2 } }, Role.Admin)).toBe(true);
  });
});
