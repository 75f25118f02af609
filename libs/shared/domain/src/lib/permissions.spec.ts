import { ROLES, Role, TicketStatus } from './enums';
import { ErrorCode } from './errors';
import {
  ACTIONS,
  Action,
  PermissionVerdict,
  can,
  evaluatePermission,
  relationTo,
  rolesAllowedTo,
} from './permissions';
import { isStaff, isUserManager, TicketRelation } from './permission-rule';

const STATUSES = Object.values(TicketStatus);
const RELATIONS: TicketRelation[] = ['owner', 'assignee', 'other'];
const STAFF_ONLY = [
  Action.WorkQueue,
  Action.CreateTicketForCustomer,
  Action.ChangePriority,
  Action.AssignTicket,
  Action.UseCannedResponses,
  Action.ViewReports,
];

/**
 * The expected verdict for every cell, written out independently of the table so that a change
 * to the table fails here until the rule is restated on purpose.
 */
function expected(
  action: Action,
  role: Role,
  relation: TicketRelation,
  status: TicketStatus,
  assigned: boolean,
): Pick<PermissionVerdict, 'allowed'> & { httpStatus?: number; code?: ErrorCode } {
  const staff = role === Role.Agent || role === Role.Admin;
  const forbidden = { allowed: false, httpStatus: 403, code: ErrorCode.RoleForbidden };
  const hidden = { allowed: false, httpStatus: 404, code: ErrorCode.NotFound };
  const ok = { allowed: true };
  switch (action) {
    case Action.UseCustomerPortal:
      return staff ? forbidden : ok;
    case Action.WorkQueue:
    case Action.CreateTicketForCustomer:
    case Action.ChangePriority:
    case Action.AssignTicket:
    case Action.BeAssigned:
    case Action.ReadInternalNotes:
    case Action.ListUsers:
    case Action.UseCannedResponses:
    case Action.ViewReports:
      return staff ? ok : forbidden;
    case Action.ManageUsers:
    case Action.ReadAuditLog:
    case Action.ManageCategories:
    case Action.ManageSharedCannedResponses:
    case Action.ManageSettings:
    case Action.ViewTeamReports:
    case Action.ManageWebhooks:
      return role === Role.Admin ? ok : forbidden;
    case Action.EditTicket:
      if (staff) return ok;
      if (relation !== 'owner') return hidden;
      return status === TicketStatus.Closed
        ? { allowed: false, httpStatus: 409, code: ErrorCode.TicketNotEditable }
        : ok;
    case Action.DeleteTicket:
      if (role === Role.Admin) return ok;
      if (role === Role.Agent) return forbidden;
      if (relation !== 'owner') return hidden;
      return status === TicketStatus.Open && !assigned
        ? ok
        : { allowed: false, httpStatus: 409, code: ErrorCode.TicketNotDeletable };
    case Action.Reply:
    case Action.WriteInternalNote:
      if (action === Action.WriteInternalNote && !staff) return forbidden;
      if (!staff && relation !== 'owner') return hidden;
      return status === TicketStatus.Closed
        ? { allowed: false, httpStatus: 400, code: ErrorCode.TicketClosed }
        : ok;
  }
}

describe('PERMISSIONS', () => {
  const cells = ACTIONS.flatMap((action) =>
    ROLES.flatMap((role) =>
      RELATIONS.flatMap((relation) =>
        STATUSES.flatMap((status) =>
          [false, true].map((assigned) => ({ action, role, relation, status, assigned })),
        ),
      ),
    ),
  );

  it('has a rule for every action and role', () => {
    expect(cells).toHaveLength(ACTIONS.length * ROLES.length * RELATIONS.length * STATUSES.length * 2);
  });

  it.each(ACTIONS.flatMap((action) => ROLES.map((role) => [action, role] as const)))(
    '%s for a %s: every relation and ticket state gives the expected verdict',
    (action, role) => {
      for (const { relation, status, assigned } of cells.filter(
        (c) => c.action === action && c.role === role,
      )) {
        const verdict = evaluatePermission(action, role, {
          relation,
          ticket: { status, assignee: assigned ? { id: 9 } : null },
        });
        const want = expected(action, role, relation, status, assigned);
        expect({ relation, status, assigned, ...verdict }).toMatchObject({
          relation,
          status,
          assigned,
          ...want,
        });
        if (!verdict.allowed) expect(verdict.message).toMatch(/\w/);
      }
    },
  );

  it('lets an admin do everything an agent can', () => {
    for (const action of ACTIONS) {
      if (can(Role.Agent, action)) expect(can(Role.Admin, action)).toBe(true);
    }
  });

  it('judges a conditional rule asked without a ticket on the role alone', () => {
    expect(can(Role.Customer, Action.EditTicket, { relation: 'owner' })).toBe(true);
    expect(can(Role.Agent, Action.DeleteTicket)).toBe(false);
  });
});

describe('isStaff() and rolesAllowedTo()', () => {
  it('reads who is staff from the WorkQueue row, and who manages users from the ManageUsers row', () => {
    expect(ROLES.filter(isStaff)).toEqual([Role.Agent, Role.Admin]);
    expect(ROLES.filter(isStaff)).toEqual(rolesAllowedTo(Action.WorkQueue));
    expect(ROLES.filter(isUserManager)).toEqual([Role.Admin]);
    expect(ROLES.filter(isUserManager)).toEqual(rolesAllowedTo(Action.ManageUsers));
  });

  it.each(STAFF_ONLY)('lists agents and admins as allowed to %s', (action) => {
    expect(rolesAllowedTo(action)).toEqual([Role.Agent, Role.Admin]);
  });

  it('lists the customer and the admin as the roles that may ever delete', () => {
    expect(rolesAllowedTo(Action.DeleteTicket)).toEqual([Role.Customer, Role.Admin]);
  });

  it.each([
    Action.ManageUsers,
    Action.ReadAuditLog,
    Action.ManageCategories,
    Action.ManageSettings,
    Action.ManageSharedCannedResponses,
    Action.ViewTeamReports,
    Action.ManageWebhooks,
  ])('lists only admins as allowed to %s', (action) => {
    expect(rolesAllowedTo(action)).toEqual([Role.Admin]);
  });
});

describe('relationTo()', () => {
  it('tells owner, assignee and other apart from entities, responses and bare ids', () => {
    expect(relationTo({ customer: { id: 1 }, assignee: { id: 2 } }, 1)).toBe('owner');
    expect(relationTo({ customer: 1, assignee: 2 }, 2)).toBe('assignee');
    expect(relationTo({ customer: { id: 1 }, assignee: null }, 3)).toBe('other');
  });
});
