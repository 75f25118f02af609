import request from 'supertest';

import { ApiServer, DEMO, Session, login, registerCustomer, startApi } from './support/api-server';
import { Listener, listen } from './support/sockets';

/**
 * Who hears what (issue 4's table), over real socket.io connections to the built API. Each test
 * works on its own ticket; `settle()` proves every push sent so far has arrived (a later marker
 * notification reaches every listener, and one connection delivers in order), so "heard nothing"
 * is checked without waiting on a clock.
 */
describe('Notifications: who hears what, live over socket.io', () => {
  let api: ApiServer;
  let customer: Session;
  let bystander: Session;
  let markerCustomer: Session;
  let agent: Session;
  let agent2: Session;
  let admin: Session;
  const on: Record<'customer' | 'bystander' | 'agent' | 'agent2' | 'admin', Listener> = {} as never;
  const marks = new Map<Listener, number>();

  const createTicket = async (session: Session, body: Record<string, unknown> = {}): Promise<number> => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', session.auth)
      .send({ subject: 'Printer on fire', description: 'It smokes.', ...body });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const numberOf = async (id: number): Promise<string> =>
    (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', admin.auth)).body.number;
  const assign = async (session: Session, id: number, agentId: number | null): Promise<void> => {
    const res = await request(api.url)
      .post(`/api/tickets/${id}/assign`)
      .set('Authorization', session.auth)
      .send({ agentId });
    expect(res.status).toBe(200);
  };
  const move = async (session: Session, id: number, status: string): Promise<void> => {
    const res = await request(api.url)
      .patch(`/api/tickets/${id}/status`)
      .set('Authorization', session.auth)
      .send({ status });
    expect(res.status).toBe(200);
  };
  const reply = async (session: Session, id: number, content: string, internal = false): Promise<void> => {
    const res = await request(api.url)
      .post(`/api/tickets/${id}/replies`)
      .set('Authorization', session.auth)
      .send({ content, internal });
    expect(res.status).toBe(201);
  };
  const edit = async (session: Session, id: number, body: Record<string, unknown>): Promise<void> => {
    const res = await request(api.url)
      .patch(`/api/tickets/${id}`)
      .set('Authorization', session.auth)
      .send(body);
    expect(res.status).toBe(200);
  };

  /** Resolves once every listener has received everything pushed before the call. */
  const settle = async (): Promise<void> => {
    const staffMarker = await createTicket(markerCustomer, { subject: 'marker' });
    const staff = [on.agent, on.agent2, on.admin];
    await Promise.all(
      staff.map((l) => l.nextNotification((n) => n.ticketId === staffMarker && n.type === 'ticket.created')),
    );
    for (const [session, listener] of [
      [customer, on.customer],
      [bystander, on.bystander],
    ] as const) {
      const marker = await createTicket(admin, { subject: 'marker', customerId: session.id });
      await assign(admin, marker, agent2.id);
      await listener.nextNotification((n) => n.ticketId === marker && n.type === 'ticket.assigned');
    }
  };
  /** Remembers how much each listener has received, for {@link heard}. */
  const mark = async (): Promise<void> => {
    await settle();
    for (const listener of Object.values(on)) marks.set(listener, listener.notifications.length);
  };
  /** The types of notification about `ticketId` that `listener` received since the last {@link mark}. */
  const heard = (listener: Listener, ticketId: number): string[] =>
    listener.notifications
      .slice(marks.get(listener) ?? 0)
      .filter((n) => n.ticketId === ticketId)
      .map((n) => n.type);
  const everyone = (ticketId: number) => ({
    customer: heard(on.customer, ticketId),
    bystander: heard(on.bystander, ticketId),
    agent: heard(on.agent, ticketId),
    agent2: heard(on.agent2, ticketId),
    admin: heard(on.admin, ticketId),
  });
  const nobody = { customer: [], bystander: [], agent: [], agent2: [], admin: [] };

  beforeAll(async () => {
    api = await startApi();
    customer = await registerCustomer(api.url, 'owner@example.com', 'Olive Owner');
    bystander = await registerCustomer(api.url, 'bystander@example.com', 'Bea Bystander');
    markerCustomer = await registerCustomer(api.url, 'marker@example.com', 'Mark Marker');
    agent = await login(api.url, DEMO.agent);
    agent2 = await login(api.url, DEMO.agent2);
    admin = await login(api.url, DEMO.admin);
    on.customer = await listen(api.url, customer.accessToken);
    on.bystander = await listen(api.url, bystander.accessToken);
    on.agent = await listen(api.url, agent.accessToken);
    on.agent2 = await listen(api.url, agent2.accessToken);
    on.admin = await listen(api.url, admin.accessToken);
  }, 60_000);
  afterAll(async () => {
    Object.values(on).forEach((l) => l?.close());
    await api.stop();
  });

  it('ticket created: every active agent and admin, not the customer who opened it, nor the bystander', async () => {
    await mark();
    const id = await createTicket(customer);
    await settle();
    expect(everyone(id)).toEqual({
      ...nobody,
      agent: ['ticket.created'],
      agent2: ['ticket.created'],
      admin: ['ticket.created'],
    });
    const pushed = on.agent.notifications.find((n) => n.ticketId === id);
    expect(pushed).toEqual({
      id: expect.any(Number),
      type: 'ticket.created',
      ticketId: id,
      title: expect.stringMatching(/^New ticket TICK-\d{8}-\d{4}: Printer on fire$/),
      body: 'Olive Owner opened it: It smokes.',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      read: false,
      readAt: null,
    });
  });

  it('ticket assigned by another agent: the new assignee and the customer (the automatic move to in progress too)', async () => {
    const id = await createTicket(customer);
    await mark();
    await assign(agent2, id, agent.id);
    await settle();
    expect(everyone(id)).toEqual({
      ...nobody,
      customer: ['ticket.assigned', 'ticket.status_changed'],
      agent: ['ticket.assigned', 'ticket.status_changed'],
    });
    expect(
      on.customer.notifications.find((n) => n.ticketId === id && n.type === 'ticket.assigned')?.title,
    ).toBe(`Ticket ${await numberOf(id)} assigned to Alex Agent`);
  });

  it('ticket reassigned: the new assignee and the customer, not the previous assignee who did it', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await assign(agent, id, agent2.id);
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, customer: ['ticket.assigned'], agent2: ['ticket.assigned'] });
  });

  it('status changed by the assignee: the customer only', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await move(agent, id, 'waiting_on_customer');
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, customer: ['ticket.status_changed'] });
  });

  it('status changed by someone else: the customer and the assignee', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await move(admin, id, 'resolved');
    await settle();
    expect(everyone(id)).toEqual({
      ...nobody,
      customer: ['ticket.status_changed'],
      agent: ['ticket.status_changed'],
    });
  });

  it('status changed by the customer: the assignee', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await move(agent, id, 'resolved');
    await mark();
    await move(customer, id, 'reopened');
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, agent: ['ticket.status_changed'] });
  });

  it('public reply by staff: the customer only', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await reply(agent2, id, 'Have you tried turning it off?');
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, customer: ['ticket.replied'] });
    expect(
      on.customer.notifications.find((n) => n.ticketId === id && n.type === 'ticket.replied')?.body,
    ).toBe('Have you tried turning it off?');
  });

  it('public reply by the customer: the assignee only', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await reply(customer, id, 'Still smoking');
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, agent: ['ticket.replied'] });
  });

  it('public reply by the customer on an unassigned ticket: every agent and admin', async () => {
    const id = await createTicket(customer);
    await mark();
    await reply(customer, id, 'Anyone there?');
    await settle();
    expect(everyone(id)).toEqual({
      ...nobody,
      agent: ['ticket.replied'],
      agent2: ['ticket.replied'],
      admin: ['ticket.replied'],
    });
  });

  it('internal note: the assignee only, never the customer (socket or notification centre)', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await reply(agent2, id, 'SECRET: the customer is on the blocklist', true);
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, agent: ['ticket.note_added'] });
    expect(
      on.agent.notifications.find((n) => n.ticketId === id && n.type === 'ticket.note_added')?.body,
    ).toBe('SECRET: the customer is on the blocklist');
    const centre = await request(api.url)
      .get('/api/notifications?pageSize=100')
      .set('Authorization', customer.auth);
    expect(centre.status).toBe(200);
    expect(centre.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(centre.body)).not.toMatch(/SECRET|note_added/);
    expect(JSON.stringify(on.customer.notifications)).not.toMatch(/SECRET|note_added/);
  });

  it('priority changed by another agent: the customer and the assignee', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await edit(agent2, id, { priority: 'urgent' });
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, customer: ['ticket.updated'], agent: ['ticket.updated'] });
  });

  it('subject changed by the customer: the assignee; a description-only edit: nobody', async () => {
    const id = await createTicket(customer);
    await assign(agent, id, agent.id);
    await mark();
    await edit(customer, id, { subject: 'Printer on fire, still' });
    await edit(customer, id, { description: 'More smoke.' });
    await settle();
    expect(everyone(id)).toEqual({ ...nobody, agent: ['ticket.updated'] });
  });
});
