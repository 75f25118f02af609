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

describe('Replies and internal notes', () => {
  let api: ApiServer;
  let customer: Session;
  let agent: Session;

  const newTicket = async (): Promise<number> =>
    (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Help', description: 'Please' })
    ).body.id;
  const reply = (session: Session, id: number, body: Record<string, unknown>) =>
    request(api.url).post(`/api/tickets/${id}/replies`).set('Authorization', session.auth).send(body);

  beforeAll(async () => {
    api = await startApi();
    customer = await registerCustomer(api.url, 'replier@example.com', 'Rae Replier');
    agent = await login(api.url, DEMO.agent);
  });
  afterAll(() => api.stop());

  it('adds a trimmed reply with its author and returns 201', async () => {
    const id = await newTicket();
    const res = await reply(customer, id, { content: '  Any news?  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      content: 'Any news?',
      internal: false,
      author: { id: customer.id, name: 'Rae Replier', role: 'customer' },
    });
  });

  it('keeps the thread in order, oldest first, even for replies in quick succession', async () => {
    const id = await newTicket();
    const sent = Array.from({ length: 8 }, (_, i) => `message ${i}`);
    for (const content of sent) await reply(content.endsWith('1') ? agent : customer, id, { content });
    const res = await request(api.url).get(`/api/tickets/${id}/replies`).set('Authorization', customer.auth);
    expect(res.body.map((r: { content: string }) => r.content)).toEqual(sent);
  });

  it('never shows an internal note to the customer, in the thread or the ticket', async () => {
    const id = await newTicket();
    await reply(agent, id, { content: 'public answer' });
    const note = await reply(agent, id, { content: 'customer seems confused', internal: true });
    expect(note.body.internal).toBe(true);
    const asCustomer = [
      (await request(api.url).get(`/api/tickets/${id}/replies`).set('Authorization', customer.auth)).body,
      (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).body.replies,
    ];
    for (const thread of asCustomer)
      expect(thread.map((r: { content: string }) => r.content)).toEqual(['public answer']);
    expect(JSON.stringify(asCustomer)).not.toContain('confused');
    const asAgent = (
      await request(api.url).get(`/api/tickets/${id}/replies`).set('Authorization', agent.auth)
    ).body;
    expect(asAgent.map((r: { internal: boolean }) => r.internal)).toEqual([false, true]);
  });

  it("leaves no trace of an internal note in the customer's view, not even a newer updatedAt", async () => {
    const id = await newTicket();
    const before = (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth))
      .body;
    await new Promise((r) => setTimeout(r, 5));
    await reply(agent, id, { content: 'internal only', internal: true });
    const after = (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).body;
    expect(after).toEqual(before);
  });

  it('refuses an internal note from a customer with 403', async () => {
    const id = await newTicket();
    expectError(await reply(customer, id, { content: 'sneaky', internal: true }), 403);
    const thread = (await request(api.url).get(`/api/tickets/${id}/replies`).set('Authorization', agent.auth))
      .body;
    expect(thread).toHaveLength(0);
  });

  it.each([
    ['blank content', { content: '   ' }],
    ['missing content', {}],
    ['content over 10,000 characters', { content: 'x'.repeat(10_001) }],
    ['a non-boolean internal flag', { content: 'hi', internal: 'yes' }],
  ])('refuses %s with 400', async (_case, body) => {
    const id = await newTicket();
    expectError(await reply(agent, id, body), 400, 'VALIDATION_FAILED');
  });

  it('refuses a reply to a closed ticket with 400 until it is reopened', async () => {
    const id = await newTicket();
    await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', customer.auth)
      .send({ status: 'closed' });
    expectError(await reply(customer, id, { content: 'wait' }), 400, 'TICKET_CLOSED');
    expectError(await reply(agent, id, { content: 'note', internal: true }), 400, 'TICKET_CLOSED');
    await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', customer.auth)
      .send({ status: 'reopened' });
    expect((await reply(customer, id, { content: 'back again' })).status).toBe(201);
  });

  it('moves a ticket waiting on the customer back to in_progress when the customer replies', async () => {
    const id = await newTicket();
    await request(api.url).post(`/api/tickets/${id}/assign`).set('Authorization', agent.auth).send({});
    await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', agent.auth)
      .send({ status: 'waiting_on_customer' });
    await reply(agent, id, { content: 'staff reply does not move it' });
    expect(
      (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).body.status,
    ).toBe('waiting_on_customer');
    await reply(customer, id, { content: 'here is the screenshot' });
    expect(
      (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).body.status,
    ).toBe('in_progress');
  });

  it("records the first response at staff's first public reply, not at an internal note", async () => {
    const id = await newTicket();
    await reply(agent, id, { content: 'looking', internal: true });
    expect(
      (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', agent.auth)).body
        .firstResponseAt,
    ).toBeNull();
    const first = await reply(agent, id, { content: 'on it' });
    await reply(agent, id, { content: 'still on it' });
    const ticket = (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', agent.auth)).body;
    expect(ticket.firstResponseAt).toBe(first.body.createdAt);
    expect(ticket.updatedAt >= first.body.createdAt).toBe(true);
  });
});
