import {
  canChangeCannedResponse,
  canSeeCannedResponse,
  fillPlaceholders,
  placeholderValuesFor,
} from './canned-responses';
import { Role } from './enums';

const VALUES = {
  'customer.firstName': 'Casey',
  'ticket.number': 'TICK-20261126-0001',
  'agent.firstName': 'Alex',
} as const;

describe('fillPlaceholders()', () => {
  it('fills the customer, the ticket number and the agent', () => {
    expect(
      fillPlaceholders(
        'Hi {{customer.firstName}}, about {{ticket.number}}: done.\n{{agent.firstName}}',
        VALUES,
      ),
    ).toBe('Hi Casey, about TICK-20261126-0001: done.\nAlex');
  });

  it('fills every occurrence, and accepts spaces inside the braces', () => {
    expect(fillPlaceholders('{{ ticket.number }} / {{ticket.number}}', VALUES)).toBe(
      'TICK-20261126-0001 / TICK-20261126-0001',
    );
  });

  it('leaves unknown placeholders exactly as typed', () => {
    const template = 'Hi {{customer.lastName}} {{ agent.email }} {{constructor}} {{toString}} {{ticket}}';
    expect(fillPlaceholders(template, VALUES)).toBe(template);
  });

  it('leaves a known placeholder without a value (missing or empty) as typed', () => {
    expect(
      fillPlaceholders('Hi {{customer.firstName}} from {{agent.firstName}}', { 'agent.firstName': '' }),
    ).toBe('Hi {{customer.firstName}} from {{agent.firstName}}');
  });

  it('leaves text that only looks like a placeholder alone', () => {
    const template = '{ticket.number} {{ticket.number} {{}} {{ 1x }} {{ticket..number}}';
    expect(fillPlaceholders(template, VALUES)).toBe(template);
  });

  it('does not fill a value again, nor read $ patterns in it', () => {
    expect(
      fillPlaceholders('{{customer.firstName}}', { 'customer.firstName': "{{ticket.number}} $& $1 $'" }),
    ).toBe("{{ticket.number}} $& $1 $'");
  });
});

describe('placeholderValuesFor()', () => {
  const ticket = { number: 'TICK-20261126-0001', customer: { name: 'Mary Ann Smith' } };

  it('reads the first name of the customer from their full name as the helpdesk splits it', () => {
    expect(placeholderValuesFor({ ticket, agent: { firstName: 'Alex' } })).toEqual({
      'customer.firstName': 'Mary Ann',
      'ticket.number': 'TICK-20261126-0001',
      'agent.firstName': 'Alex',
    });
    expect(placeholderValuesFor({ ticket: { ...ticket, customer: { name: 'Cher' } } })).toMatchObject({
      'customer.firstName': 'Cher',
    });
  });

  it("prefers the customer's first name when the ticket carries it", () => {
    const customer = { name: 'Ludwig van Beethoven', firstName: 'Ludwig' };
    expect(placeholderValuesFor({ ticket: { ...ticket, customer } })['customer.firstName']).toBe('Ludwig');
  });

  it('gives no value for what it does not know, so those placeholders stay as typed', () => {
    expect(placeholderValuesFor({ ticket: null, agent: null })).toEqual({});
  });
});

describe('who sees and changes canned responses', () => {
  const agent = { id: 2, role: Role.Agent };
  const otherAgent = { id: 3, role: Role.Agent };
  const admin = { id: 1, role: Role.Admin };
  const customer = { id: 4, role: Role.Customer };
  const shared = { shared: true, owner: { id: 1 } };
  const agentsOwn = { shared: false, owner: 2 };
  const adminsOwn = { shared: false, owner: { id: 1 } };

  it.each([
    ['an agent', agent, shared, true, false],
    ['an agent', agent, agentsOwn, true, true],
    ['another agent', otherAgent, agentsOwn, false, false],
    ['an admin', admin, shared, true, true],
    ['an admin', admin, adminsOwn, true, true],
    ["an admin, an agent's personal one", admin, agentsOwn, false, false],
    ['a customer', customer, shared, false, false],
    ['a customer, even their "own"', { id: 2, role: Role.Customer }, agentsOwn, false, false],
  ])('%s: sees %o? %s; changes it? %s', (_who, user, response, sees, changes) => {
    expect(canSeeCannedResponse(user, response)).toBe(sees);
    expect(canChangeCannedResponse(user, response)).toBe(changes);
  });
});
