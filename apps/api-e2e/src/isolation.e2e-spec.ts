import request from 'supertest';

import { ApiServer, DEMO, Session, login, registerCustomer, startApi } from './support/api-server';

/**
 * Another customer's ticket must be indistinguishable from one that does not exist, on every
 * route and whatever the form of the id: same status, same body.
 */
describe('Ticket isolation between customers', () => {
  let api: ApiServer;
  let owner: Session;
  let intruder: Session;
  let ticketId: number;
  let missingId: number;

  beforeAll(async () => {
    api = await startApi();
    owner = await registerCustomer(api.url, 'owner@example.com');
    intruder = await registerCustomer(api.url, 'intruder@example.com');
    const agent = await login(api.url, DEMO.agent);
    ticketId = (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', owner.auth)
        .send({ subject: 'Private', description: 'Secret' })
    ).body.id;
    await request(api.url)
      .post(`/api/tickets/${ticketId}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Hello' });
    missingId = ticketId + 1000;
  });
  afterAll(() => api.stop());

  type Call = [string, (id: number | string) => request.Test];
  const calls: Call[] = [
    ['GET ticket', (id) => request(api.url).get(`/api/tickets/${id}`)],
    ['PATCH ticket', (id) => request(api.url).patch(`/api/tickets/${id}`).send({ subject: 'Hijacked' })],
    ['DELETE ticket', (id) => request(api.url).delete(`/api/tickets/${id}`)],
    ['PATCH status', (id) => request(api.url).patch(`/api/tickets/${id}/status`).send({ status: 'closed' })],
    ['POST assign', (id) => request(api.url).post(`/api/tickets/${id}/assign`).send({})],
    ['GET replies', (id) => request(api.url).get(`/api/tickets/${id}/replies`)],
    ['POST reply', (id) => request(api.url).post(`/api/tickets/${id}/replies`).send({ content: 'Hi' })],
    [
      'POST internal note',
      (id) => request(api.url).post(`/api/tickets/${id}/replies`).send({ content: 'Hi', internal: true }),
    ],
  ];

  it.each(calls)(
    "%s on another customer's ticket is the same 404 as on a missing ticket",
    async (_name, call) => {
      const theirs = await call(ticketId).set('Authorization', intruder.auth);
      const missing = await call(missingId).set('Authorization', intruder.auth);
      expect(theirs.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(theirs.body).toEqual({
        ...missing.body,
        message: missing.body.message.replace(String(missingId), String(ticketId)),
      });
    },
  );

  it.each(['abc', '0', '-1', '1.5', '1e3', '99999999999', '%20'])(
    'a ticket id of the form %p is a 404',
    async (id) => {
      const res = await request(api.url).get(`/api/tickets/${id}`).set('Authorization', intruder.auth);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    },
  );

  it("leaves the owner's ticket untouched after all those attempts", async () => {
    const res = await request(api.url).get(`/api/tickets/${ticketId}`).set('Authorization', owner.auth);
    expect(res.body).toMatchObject({ subject: 'Private', status: 'open', assignee: null });
    expect(res.body.replies).toHaveLength(1);
  });

  it("never lists another customer's ticket", async () => {
    const res = await request(api.url).get('/api/tickets?q=Private').set('Authorization', intruder.auth);
    expect(res.body.total).toBe(0);
  });
});
