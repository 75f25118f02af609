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

describe('Assignment', () => {
  let api: ApiServer;
  let customer: Session;
  let agent: Session;
  let agent2: Session;
  let admin: Session;

  const newTicket = async (): Promise<number> =>
    (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Assign me', description: 'D' })
    ).body.id;
  const assign = (session: Session, id: number, body?: Record<string, unknown>) => {
    const req = request(api.url).post(`/api/tickets/${id}/assign`).set('Authorization', session.auth);
    return body === undefined ? req : req.send(body);
  };

  beforeAll(async () => {
    api = await startApi();
    customer = await registerCustomer(api.url, 'assignee-test@example.com');
    agent = await login(api.url, DEMO.agent);
    agent2 = await login(api.url, DEMO.agent2);
    admin = await login(api.url, DEMO.admin);
  });
  afterAll(() => api.stop());

  it('assigns the caller when agentId is omitted and moves an open ticket to in_progress', async () => {
    const id = await newTicket();
    const res = await assign(agent, id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'in_progress',
      assignee: { id: agent.id, email: DEMO.agent.email },
    });
  });

  it('reassigns to another agent and unassigns with null, keeping the status', async () => {
    const id = await newTicket();
    await assign(agent, id, {});
    expect((await assign(agent, id, { agentId: agent2.id })).body.assignee.id).toBe(agent2.id);
    const unassigned = await assign(agent, id, { agentId: null });
    expect(unassigned.body).toMatchObject({ assignee: null, status: 'in_progress' });
    expect(
      (
        await request(api.url).get('/api/tickets?unassigned=true').set('Authorization', agent.auth)
      ).body.items.map((t: { id: number }) => t.id),
    ).toContain(id);
  });

  it('lets an admin assign, also to an admin', async () => {
    const id = await newTicket();
    expect((await assign(admin, id, { agentId: admin.id })).body.assignee.id).toBe(admin.id);
    expect(
      (await request(api.url).get(`/api/tickets?assigneeId=${admin.id}`).set('Authorization', agent.auth))
        .body.total,
    ).toBe(1);
  });

  it('does not change the status of a reopened or waiting ticket', async () => {
    const id = await newTicket();
    await assign(agent, id, {});
    await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', agent.auth)
      .send({ status: 'waiting_on_customer' });
    expect((await assign(agent, id, { agentId: agent2.id })).body.status).toBe('waiting_on_customer');
  });

  it.each([
    ['a customer', () => customer.id],
    ['an unknown user', () => 999_999],
  ])('refuses assigning to %s with 400 INVALID_ASSIGNEE', async (_case, target) => {
    const id = await newTicket();
    expectError(await assign(agent, id, { agentId: target() }), 400, 'INVALID_ASSIGNEE');
  });

  it('refuses assigning to a deactivated agent', async () => {
    const id = await newTicket();
    const temp = await registerCustomer(api.url, 'temp-agent@example.com');
    await sql(api.dataDir, "update users set role = 'agent', active = 0 where id = ?", [temp.id]);
    expectError(await assign(agent, id, { agentId: temp.id }), 400, 'INVALID_ASSIGNEE');
  });

  it('refuses a malformed agentId with 400', async () => {
    const id = await newTicket();
    expectError(await assign(agent, id, { agentId: 'me' }), 400, 'VALIDATION_FAILED');
    expectError(await assign(agent, id, { agentId: -3 }), 400, 'VALIDATION_FAILED');
  });

  it('refuses a customer on their own ticket with 403 and leaves it unassigned', async () => {
    const id = await newTicket();
    expectError(await assign(customer, id, {}), 403);
    expect(
      (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).body.assignee,
    ).toBeNull();
  });

  describe('GET /api/users?role=agent', () => {
    it('lists active agents and admins for the picker, without password hashes', async () => {
      const res = await request(api.url).get('/api/users?role=agent').set('Authorization', agent.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.map((u: { email: string }) => u.email).sort()).toEqual([
        'admin@example.com',
        'agent2@example.com',
        'agent@example.com',
      ]);
      expect(res.body.items[0]).toEqual({
        id: expect.any(Number),
        firstName: expect.any(String),
        lastName: expect.any(String),
        name: expect.any(String),
        email: expect.any(String),
        role: expect.any(String),
        active: true,
        available: expect.any(Boolean),
        createdAt: expect.any(String),
      });
    });

    it('refuses customers with 403 and an unknown role with 400', async () => {
      expectError(
        await request(api.url).get('/api/users?role=agent').set('Authorization', customer.auth),
        403,
      );
      expectError(await request(api.url).get('/api/users?role=boss').set('Authorization', agent.auth), 400);
    });
  });
});
