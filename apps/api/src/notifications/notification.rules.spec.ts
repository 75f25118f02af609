import 'reflect-metadata';

import { NotificationType, Role } from '@hd/shared/domain';

import { EMAILED_TYPES, Party, needsStaffList, recipientsFor } from './notification.rules';

const customer: Party = { id: 1, role: Role.Customer, active: true };
const assignee: Party = { id: 2, role: Role.Agent, active: true };
const otherAgent: Party = { id: 3, role: Role.Agent, active: true };
const admin: Party = { id: 4, role: Role.Admin, active: true };
const inactiveAgent: Party = { id: 5, role: Role.Agent, active: false };
const staff = [assignee, otherAgent, admin, inactiveAgent];

const T = NotificationType;
type Row = [string, NotificationType, Party | null, Party | null, number[], string[]?];

describe('recipientsFor()', () => {
  // [case, type, actor, assignee, expected recipient ids, changes]
  const table: Row[] = [
    ['created by the customer: every active agent and admin', T.TicketCreated, customer, null, [2, 3, 4]],
    [
      'created by an agent for a customer: the other staff, not the customer',
      T.TicketCreated,
      otherAgent,
      null,
      [2, 4],
    ],
    [
      'assigned by another agent: the new assignee and the customer',
      T.TicketAssigned,
      otherAgent,
      assignee,
      [2, 1],
    ],
    ['self-assigned: only the customer', T.TicketAssigned, assignee, assignee, [1]],
    [
      'assigned by the helpdesk itself: the new assignee and the customer',
      T.TicketAssigned,
      null,
      assignee,
      [2, 1],
    ],
    ['unassigned: nobody', T.TicketAssigned, otherAgent, null, []],
    ['status changed by the assignee: the customer', T.TicketStatusChanged, assignee, assignee, [1]],
    [
      'status changed by another agent: the customer and the assignee',
      T.TicketStatusChanged,
      otherAgent,
      assignee,
      [1, 2],
    ],
    ['status changed by the customer: the assignee', T.TicketStatusChanged, customer, assignee, [2]],
    [
      'closed by the helpdesk itself: the customer and the assignee',
      T.TicketStatusChanged,
      null,
      assignee,
      [1, 2],
    ],
    [
      'status changed on an unassigned ticket by an agent: the customer',
      T.TicketStatusChanged,
      otherAgent,
      null,
      [1],
    ],
    ['staff replied: the customer only', T.TicketReplied, otherAgent, assignee, [1]],
    ['customer replied on an assigned ticket: the assignee', T.TicketReplied, customer, assignee, [2]],
    [
      'customer replied on an unassigned ticket: every active agent and admin',
      T.TicketReplied,
      customer,
      null,
      [2, 3, 4],
    ],
    ['internal note by another agent: the assignee only', T.TicketNoteAdded, otherAgent, assignee, [2]],
    ['internal note by the assignee: nobody', T.TicketNoteAdded, assignee, assignee, []],
    ['internal note on an unassigned ticket: nobody', T.TicketNoteAdded, otherAgent, null, []],
    [
      'priority changed by an agent: the customer and the assignee',
      T.TicketUpdated,
      otherAgent,
      assignee,
      [1, 2],
      ['priority'],
    ],
    ['subject changed by the customer: the assignee', T.TicketUpdated, customer, assignee, [2], ['subject']],
    [
      'only the description changed: nobody',
      T.TicketUpdated,
      otherAgent,
      assignee,
      [],
      ['description', 'category'],
    ],
    ['SLA at risk on an assigned ticket: the assignee', T.SlaAtRisk, null, assignee, [2]],
    ['SLA at risk on an unassigned ticket: every active agent and admin', T.SlaAtRisk, null, null, [2, 3, 4]],
    [
      'SLA breached on an assigned ticket: the assignee and the admins',
      T.SlaBreached,
      null,
      assignee,
      [2, 4],
    ],
    [
      'SLA breached on an unassigned ticket: every active agent and admin',
      T.SlaBreached,
      null,
      null,
      [2, 3, 4],
    ],
  ];

  it.each(table.map(([name, ...row]) => ({ name, row })))(
    '$name',
    ({ row: [type, actor, who, expected, changes] }) => {
      const recipients = recipientsFor({ type, actor, customer, assignee: who, staff, changes });
      expect(recipients.map((r) => r.id)).toEqual(expected);
    },
  );

  it('never names a customer for an internal note, even when given one as assignee', () => {
    const recipients = recipientsFor({
      type: T.TicketNoteAdded,
      actor: otherAgent,
      customer,
      assignee: customer,
      staff,
    });
    expect(recipients).toEqual([]);
  });

  it('never names a customer for an SLA alert, even when given one as assignee or in the staff list', () => {
    for (const type of [T.SlaAtRisk, T.SlaBreached]) {
      const recipients = recipientsFor({
        type,
        actor: null,
        customer,
        assignee: customer,
        staff: [customer, admin],
      });
      expect(recipients.map((r) => r.id)).toEqual(type === T.SlaBreached ? [4] : []);
    }
  });

  it('skips a deactivated customer', () => {
    const recipients = recipientsFor({
      type: T.TicketStatusChanged,
      actor: assignee,
      customer: { ...customer, active: false },
      assignee,
      staff,
    });
    expect(recipients).toEqual([]);
  });
});

describe('needsStaffList()', () => {
  it.each([
    [T.TicketCreated, Role.Customer, false, true],
    [T.TicketReplied, Role.Customer, false, true],
    [T.TicketReplied, Role.Customer, true, false],
    [T.TicketReplied, Role.Agent, false, false],
    [T.TicketStatusChanged, Role.Customer, false, false],
    [T.TicketStatusChanged, null, false, false],
    [T.SlaAtRisk, null, false, true],
    [T.SlaAtRisk, null, true, false],
    [T.SlaBreached, null, true, true],
  ])('%s by a %s (assigned: %s) needs the staff list: %s', (type, role, hasAssignee, expected) => {
    expect(needsStaffList(type, role, hasAssignee)).toBe(expected);
  });
});

describe('EMAILED_TYPES', () => {
  it('e-mails every type except ticket.created', () => {
    expect(Object.values(NotificationType).filter((t) => !EMAILED_TYPES.has(t))).toEqual([
      NotificationType.TicketCreated,
    ]);
  });
});
