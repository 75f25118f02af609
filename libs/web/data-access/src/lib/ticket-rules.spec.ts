import { Role, TicketStatus } from '@hd/shared/dto';
import type { TicketResponse, UserResponse } from '@hd/shared/dto';

import { canDeleteTicket, canEditTicket } from './ticket-rules';

const user = (role: Role): UserResponse => ({
  id: 1,
  email: 'x@example.com',
  name: 'X',
  role,
  active: true,
  createdAt: '',
});
const ticket = (status: TicketStatus, assigned = false): TicketResponse =>
  ({
    id: 1,
    status,
    assignee: assigned ? { id: 2, name: 'A', email: 'a@example.com' } : null,
  }) as TicketResponse;

describe('ticket rules', () => {
  it.each([
    [Role.Customer, TicketStatus.Open, true],
    [Role.Customer, TicketStatus.Resolved, true],
    [Role.Customer, TicketStatus.Closed, false],
    [Role.Agent, TicketStatus.Closed, true],
  ])('a %s may edit a %s ticket: %s', (role, status, expected) => {
    expect(canEditTicket(ticket(status), user(role))).toBe(expected);
  });

  it.each([
    [Role.Customer, TicketStatus.Open, false, true],
    [Role.Customer, TicketStatus.Open, true, false],
    [Role.Customer, TicketStatus.InProgress, false, false],
    [Role.Agent, TicketStatus.Open, false, false],
    [Role.Admin, TicketStatus.Closed, true, true],
  ])('a %s may delete a %s ticket (assigned: %s): %s', (role, status, assigned, expected) => {
    expect(canDeleteTicket(ticket(status, assigned), user(role))).toBe(expected);
  });
});
