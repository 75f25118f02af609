import { Role, TicketStatus } from './enums';
import { REOPEN_WINDOW_MS } from './limits';
import {
  AutomaticTrigger,
  STATUS_TRANSITIONS,
  allowedTransitions,
  automaticTransition,
  evaluateTransition,
} from './workflow';

const S = TicketStatus;
type Expected = 'ok' | 'ROLE_FORBIDDEN' | 'INVALID_TRANSITION';

/** The table of issue #2, written out independently of STATUS_TRANSITIONS. */
const customerMoves = new Set([
  `${S.Resolved}>${S.Reopened}`,
  `${S.Resolved}>${S.Closed}`,
  `${S.Open}>${S.Closed}`,
  `${S.InProgress}>${S.Closed}`,
  `${S.WaitingOnCustomer}>${S.Closed}`,
  `${S.Reopened}>${S.Closed}`,
  `${S.Closed}>${S.Reopened}`,
]);
const staffMoves = new Set([
  `${S.Open}>${S.InProgress}`,
  `${S.InProgress}>${S.WaitingOnCustomer}`,
  `${S.WaitingOnCustomer}>${S.InProgress}`,
  `${S.InProgress}>${S.Resolved}`,
  `${S.Reopened}>${S.InProgress}`,
  `${S.Resolved}>${S.Closed}`,
  `${S.Open}>${S.Closed}`,
  `${S.InProgress}>${S.Closed}`,
  `${S.WaitingOnCustomer}>${S.Closed}`,
  `${S.Reopened}>${S.Closed}`,
]);
const customerForbiddenTargets = new Set([S.InProgress, S.WaitingOnCustomer, S.Resolved]);
const staffForbiddenTargets = new Set([S.Reopened]);

function expected(from: TicketStatus, to: TicketStatus, role: Role): Expected {
  const staff = role !== Role.Customer;
  if (staff ? staffForbiddenTargets.has(to) : customerForbiddenTargets.has(to)) return 'ROLE_FORBIDDEN';
  return (staff ? staffMoves : customerMoves).has(`${from}>${to}`) ? 'ok' : 'INVALID_TRANSITION';
}

const closedJustNow = { closedAt: new Date('2026-11-20T10:00:00Z'), now: new Date('2026-11-20T10:00:01Z') };
const cases = Object.values(Role).flatMap((role) =>
  Object.values(S).flatMap((from) =>
    Object.values(S).map((to) => [from, to, role, expected(from, to, role)] as const),
  ),
);

describe('evaluateTransition()', () => {
  it.each(cases)('%s -> %s by %s is %s', (from, to, role, result) => {
    const verdict = evaluateTransition(from, to, role, closedJustNow);
    expect(verdict.allowed ? 'ok' : verdict.code).toBe(result);
  });

  it('covers every from x to x role combination (6 x 6 x 3)', () => {
    expect(cases).toHaveLength(108);
  });

  it('refuses an unknown status as an invalid transition naming both statuses', () => {
    const verdict = evaluateTransition(S.Open, 'archived', Role.Agent);
    expect(verdict).toMatchObject({ allowed: false, code: 'INVALID_TRANSITION' });
    expect(!verdict.allowed && verdict.message).toContain("'open' to 'archived'");
  });

  it('refuses the same status again', () => {
    expect(evaluateTransition(S.InProgress, S.InProgress, Role.Agent)).toMatchObject({
      allowed: false,
      code: 'INVALID_TRANSITION',
    });
  });

  it('lets a customer reopen a closed ticket up to exactly 7 days after closing', () => {
    const closedAt = new Date('2026-11-01T00:00:00Z');
    const edge = new Date(closedAt.getTime() + REOPEN_WINDOW_MS);
    expect(evaluateTransition(S.Closed, S.Reopened, Role.Customer, { closedAt, now: edge }).allowed).toBe(
      true,
    );
  });

  it('refuses to reopen a ticket closed more than 7 days ago', () => {
    const closedAt = new Date('2026-11-01T00:00:00Z');
    const late = new Date(closedAt.getTime() + REOPEN_WINDOW_MS + 1);
    expect(evaluateTransition(S.Closed, S.Reopened, Role.Customer, { closedAt, now: late })).toMatchObject({
      allowed: false,
      code: 'REOPEN_WINDOW_EXPIRED',
    });
  });

  it('does not apply the reopen window to a resolved ticket', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    expect(evaluateTransition(S.Resolved, S.Reopened, Role.Customer, { closedAt: null, now }).allowed).toBe(
      true,
    );
  });
});

describe('allowedTransitions()', () => {
  it('offers an agent on an open ticket only "in progress" and "closed"', () => {
    expect(allowedTransitions(S.Open, Role.Agent).sort()).toEqual([S.Closed, S.InProgress].sort());
  });

  it('offers a customer on a resolved ticket "reopened" and "closed"', () => {
    expect(allowedTransitions(S.Resolved, Role.Customer).sort()).toEqual([S.Closed, S.Reopened].sort());
  });

  it('offers a customer nothing on a ticket closed 8 days ago', () => {
    const now = new Date('2026-11-09T00:00:01Z');
    expect(allowedTransitions(S.Closed, Role.Customer, { closedAt: '2026-11-01T00:00:00Z', now })).toEqual(
      [],
    );
  });

  it('offers an admin exactly what it offers an agent', () => {
    for (const from of Object.values(S)) {
      expect(allowedTransitions(from, Role.Admin)).toEqual(allowedTransitions(from, Role.Agent));
    }
  });
});

describe('automaticTransition()', () => {
  const statuses = Object.values(TicketStatus);

  it.each(statuses)('starts work when a %s ticket is assigned only if it was open', (from) => {
    expect(automaticTransition(AutomaticTrigger.Assigned, from)).toBe(
      from === TicketStatus.Open ? TicketStatus.InProgress : null,
    );
  });

  it.each(statuses)(
    'puts a %s ticket back in progress on a customer reply only if it was waiting on them',
    (from) => {
      expect(automaticTransition(AutomaticTrigger.CustomerReplied, from)).toBe(
        from === TicketStatus.WaitingOnCustomer ? TicketStatus.InProgress : null,
      );
    },
  );

  it.each(statuses)('closes a %s ticket automatically only if it was resolved', (from) => {
    expect(automaticTransition(AutomaticTrigger.AutoClose, from)).toBe(
      from === TicketStatus.Resolved ? TicketStatus.Closed : null,
    );
  });

  it('makes only moves that staff could also request by hand', () => {
    for (const trigger of Object.values(AutomaticTrigger)) {
      for (const from of statuses) {
        const to = automaticTransition(trigger, from);
        if (to) expect(STATUS_TRANSITIONS.some((t) => t.from === from && t.to === to)).toBe(true);
      }
    }
  });
});

describe('refusal wording', () => {
  it.each([
    [Role.Agent, TicketStatus.Reopened, "An agent may not set a ticket's status to 'reopened'"],
    [Role.Admin, TicketStatus.Reopened, "An admin may not set a ticket's status to 'reopened'"],
    [Role.Customer, TicketStatus.Resolved, "A customer may not set a ticket's status to 'resolved'"],
  ])('tells a %s with the right article that it may not set %s', (role, to, message) => {
    const from = role === Role.Customer ? TicketStatus.InProgress : TicketStatus.Resolved;
    expect(evaluateTransition(from, to, role)).toMatchObject({
      allowed: false,
      code: 'ROLE_FORBIDDEN',
      message,
    });
  });
});
