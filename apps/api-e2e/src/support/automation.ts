import request from 'supertest';

import { Session, login } from './api-server';

/** A strong password for the staff the automation tests create. */
const STAFF_PASSWORD = 'amber-quarry-whistle-58';

/** A ticket as the automation tests look at it. */
export interface CreatedTicket {
  id: number;
  number: string;
  status: string;
  assignee: { id: number } | null;
}

/**
 * Changes settings as `admin` (`PATCH /api/settings`), e.g. `{assignment: {mode: 'round_robin'}}`.
 * @throws when the API does not answer 200
 */
export async function changeSettings(url: string, admin: Session, change: object): Promise<void> {
  const res = await request(url).patch('/api/settings').set('Authorization', admin.auth).send(change);
  if (res.status !== 200)
    throw new Error(`settings change failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Creates an agent or admin with a password as `admin` and logs them in.
 * @throws when the creation or the login fails
 */
export async function createStaff(
  url: string,
  admin: Session,
  email: string,
  role: 'agent' | 'admin' = 'agent',
): Promise<Session> {
  const res = await request(url)
    .post('/api/users')
    .set('Authorization', admin.auth)
    .send({ email, firstName: 'Auto', lastName: 'Staff', role, password: STAFF_PASSWORD });
  if (res.status !== 201)
    throw new Error(`creating ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(url, { email, password: STAFF_PASSWORD });
}

/**
 * Sets whether `session`'s user is available for automatic assignment (`PATCH /api/users/me`).
 * @throws when the API does not answer 200 with the new value
 */
export async function setAvailable(url: string, session: Session, available: boolean): Promise<void> {
  const res = await request(url)
    .patch('/api/users/me')
    .set('Authorization', session.auth)
    .send({ available });
  if (res.status !== 200 || res.body.available !== available) {
    throw new Error(`availability change failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** Opens `count` tickets at once as `customer` and returns them in the order of their ids. */
export async function openTicketsAtOnce(
  url: string,
  customer: Session,
  count: number,
): Promise<CreatedTicket[]> {
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      request(url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: `Concurrent ${i}`, description: 'Opened with many others' }),
    ),
  );
  for (const res of results) {
    if (res.status !== 201) throw new Error(`creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return results.map((res) => res.body as CreatedTicket).sort((a, b) => a.id - b.id);
}

/**
 * Checks a round-robin sequence over `expected` users: every ticket assigned to one of them, each
 * getting its fair share (counts differ by at most one), and in turn: within every run of
 * `expected.length` consecutive tickets nobody appears twice.
 */
export function expectRoundRobin(tickets: readonly CreatedTicket[], expected: readonly number[]): void {
  const assignees = tickets.map((ticket) => ticket.assignee?.id ?? null);
  for (const id of assignees) expect(expected).toContain(id);
  const counts = expected.map((id) => assignees.filter((a) => a === id).length);
  expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  for (let i = 0; i + expected.length <= assignees.length; i++) {
    expect(new Set(assignees.slice(i, i + expected.length)).size).toBe(expected.length);
  }
  for (const ticket of tickets) expect(ticket.status).toBe('in_progress');
}
