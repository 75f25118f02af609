import request from 'supertest';

import {
  ApiServer,
  DEMO,
  Session,
  expectError,
  login,
  registerCustomer,
  startApi,
} from './support/api-server';
import { sql } from './support/database';

describe('Status workflow over HTTP', () => {
  let api: ApiServer;
  let customer: Session;
  let stranger: Session;
  let agent: Session;
  let admin: Session;

  const newTicket = async (): Promise<number> =>
    (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Workflow', description: 'D' })
    ).body.id;
  const move = (session: Session, id: number, status: unknown) =>
    request(api.url).patch(`/api/tickets/${id}/status`).set('Authorization', session.auth).send({ status });

  beforeAll(async () => {
    api = await startApi();
    customer = await registerCustomer(api.url, 'walker@example.com');
    stranger = await registerCustomer(api.url, 'stranger@example.com');
    agent = await login(api.url, DEMO.agent);
    admin = await login(api.url, DEMO.admin);
  });
  afterAll(() => api.stop());

  it('walks the whole life cycle and records resolvedAt and closedAt', async () => {
    const id = await newTicket();
    expect((await move(agent, id, 'in_progress')).body.status).toBe('in_progress');
    expect((await move(agent, id, 'waiting_on_customer')).body.status).toBe('waiting_on_customer');
    expect((await move(agent, id, 'in_progress')).body.status).toBe('in_progress');
    const resolved = await move(agent, id, 'resolved');
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(String),
      closedAt: null,
    });
    expect((await move(customer, id, 'reopened')).body.status).toBe('reopened');
    expect((await move(admin, id, 'in_progress')).body.status).toBe('in_progress');
    expect((await move(agent, id, 'resolved')).body.status).toBe('resolved');
    const closed = await move(customer, id, 'closed');
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect((await move(customer, id, 'reopened')).body.status).toBe('reopened');
  });

  it('lets the owning customer withdraw an open ticket', async () => {
    const id = await newTicket();
    expect((await move(customer, id, 'closed')).body.status).toBe('closed');
  });

  it.each(['in_progress', 'waiting_on_customer', 'resolved'])(
    'refuses a customer setting %s with 403 ROLE_FORBIDDEN',
    async (status) => {
      const id = await newTicket();
      expectError(await move(customer, id, status), 403, 'ROLE_FORBIDDEN');
    },
  );

  it('refuses staff setting reopened with 403', async () => {
    const id = await newTicket();
    await move(agent, id, 'in_progress');
    await move(agent, id, 'resolved');
    expectError(await move(agent, id, 'reopened'), 403, 'ROLE_FORBIDDEN');
    expectError(await move(admin, id, 'reopened'), 403, 'ROLE_FORBIDDEN');
  });

  it('refuses a move not in the table with 400 INVALID_TRANSITION naming both statuses', async () => {
    const id = await newTicket();
    const body = expectError(await move(agent, id, 'resolved'), 400, 'INVALID_TRANSITION');
    expect(body.message).toMatch(/'open'.*'resolved'/);
  });

  it('refuses the same status again and an unknown status with 400 INVALID_TRANSITION', async () => {
    const id = await newTicket();
    expectError(await move(agent, id, 'open'), 400, 'INVALID_TRANSITION');
    expect(expectError(await move(agent, id, 'archived'), 400, 'INVALID_TRANSITION').message).toMatch(
      /'open'.*'archived'/,
    );
  });

  it('refuses a missing or non-string status with 400', async () => {
    const id = await newTicket();
    expectError(await move(agent, id, undefined), 400, 'VALIDATION_FAILED');
    expectError(await move(agent, id, 7), 400, 'VALIDATION_FAILED');
  });

  it("answers 404 before 403 or 400 for another customer's ticket", async () => {
    const id = await newTicket();
    expectError(await move(stranger, id, 'resolved'), 404, 'NOT_FOUND');
    expectError(await move(stranger, id, 'closed'), 404, 'NOT_FOUND');
    expectError(await move(stranger, id, 'archived'), 404, 'NOT_FOUND');
  });

  it('lets a customer reopen a closed ticket within 7 days but not after', async () => {
    const recent = await newTicket();
    await move(customer, recent, 'closed');
    await sql(api.dataDir, 'update tickets set closed_at = ? where id = ?', [
      Date.now() - 6 * 24 * 3600 * 1000,
      recent,
    ]);
    expect((await move(customer, recent, 'reopened')).status).toBe(200);

    const old = await newTicket();
    await move(customer, old, 'closed');
    await sql(api.dataDir, 'update tickets set closed_at = ? where id = ?', [
      Date.now() - 8 * 24 * 3600 * 1000,
      old,
    ]);
    expectError(await move(customer, old, 'reopened'), 400, 'REOPEN_WINDOW_EXPIRED');
  });

  it('keeps the status unchanged after a refused move', async () => {
    const id = await newTicket();
    await move(customer, id, 'resolved');
    const res = await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth);
    expect(res.body.status).toBe('open');
  });
});
