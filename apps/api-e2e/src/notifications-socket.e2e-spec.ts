import request from 'supertest';

import { ApiServer, DEMO, Session, login, registerCustomer, startApi } from './support/api-server';
import { sql } from './support/database';
import { Listener, connectSocket, listen } from './support/sockets';

describe('Notifications: the socket.io endpoint', () => {
  let api: ApiServer;
  let customer: Session;
  let other: Session;
  let agent: Session;
  const open: Listener[] = [];

  const createTicket = async (session: Session): Promise<number> =>
    (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', session.auth)
        .send({ subject: 'Live', description: 'Watch me' })
    ).body.id;
  const listenAs = async (session: Session): Promise<Listener> => {
    const listener = await listen(api.url, session.accessToken);
    open.push(listener);
    return listener;
  };

  beforeAll(async () => {
    api = await startApi();
    customer = await registerCustomer(api.url, 'viewer@example.com', 'Vic Viewer');
    other = await registerCustomer(api.url, 'snoop@example.com', 'Sam Snoop');
    agent = await login(api.url, DEMO.agent);
  });
  afterAll(async () => {
    open.forEach((l) => l.close());
    await api.stop();
  });

  describe('handshake', () => {
    it('refuses a connection without a token', async () => {
      await expect(connectSocket(api.url, undefined)).rejects.toThrow(/Unauthorized: missing access token/);
    });

    it('refuses a malformed token and a token with a forged signature', async () => {
      await expect(connectSocket(api.url, 'not-a-jwt')).rejects.toThrow(
        /Unauthorized: invalid or expired access token/,
      );
      const [header, payload] = customer.accessToken.split('.');
      const forged = `${header}.${Buffer.from(JSON.stringify({ sub: String(agent.id), role: 'admin' })).toString('base64url')}.${
        customer.accessToken.split('.')[2]
      }`;
      expect(payload).toBeDefined();
      await expect(connectSocket(api.url, forged)).rejects.toThrow(/Unauthorized/);
    });

    it('refuses the still-unexpired token of a deactivated user', async () => {
      const gone = await registerCustomer(api.url, 'gone@example.com');
      const socket = await connectSocket(api.url, gone.accessToken);
      socket.close();
      await sql(api.dataDir, 'update users set active = 0 where id = ?', [gone.id]);
      await expect(connectSocket(api.url, gone.accessToken)).rejects.toThrow(
        /Unauthorized: this account no longer exists or was deactivated/,
      );
    });
  });

  describe('ticket.subscribe', () => {
    it('sends the fresh ticket to a subscribed customer on every public change, but nothing for an internal note', async () => {
      const id = await createTicket(customer);
      const viewer = await listenAs(customer);
      const staff = await listenAs(agent);
      expect(await viewer.request('ticket.subscribe', { ticketId: id })).toEqual({ ok: true });
      expect(await staff.request('ticket.subscribe', { ticketId: id })).toEqual({ ok: true });

      await request(api.url).post(`/api/tickets/${id}/assign`).set('Authorization', agent.auth).send({});
      const assigned = await viewer.nextTicketUpdate((t) => t.id === id && t.status === 'in_progress');
      expect(assigned).toMatchObject({
        id,
        subject: 'Live',
        status: 'in_progress',
        assignee: { id: agent.id },
        customer: { id: customer.id },
      });

      await request(api.url)
        .post(`/api/tickets/${id}/replies`)
        .set('Authorization', agent.auth)
        .send({ content: 'NOTE-TEXT', internal: true });
      await request(api.url)
        .post(`/api/tickets/${id}/replies`)
        .set('Authorization', agent.auth)
        .send({ content: 'Public answer' });
      // The public reply sets firstResponseAt: once it is here, any earlier push would be too.
      await viewer.nextTicketUpdate((t) => t.id === id && t.firstResponseAt !== null);
      await staff.nextTicketUpdate((t) => t.id === id && t.firstResponseAt !== null);
      expect(viewer.ticketUpdates.filter((t) => t.id === id)).toHaveLength(2);
      expect(staff.ticketUpdates.filter((t) => t.id === id)).toHaveLength(3);
      expect(JSON.stringify(viewer.ticketUpdates)).not.toContain('NOTE-TEXT');
    });

    it('answers 404 to another customer and sends them nothing about that ticket', async () => {
      const id = await createTicket(customer);
      const snoop = await listenAs(other);
      const ack = await snoop.request<{ ok: boolean; error?: Record<string, unknown> }>('ticket.subscribe', {
        ticketId: id,
      });
      expect(ack).toEqual({
        ok: false,
        error: { statusCode: 404, error: 'Not Found', message: `Ticket ${id} not found`, code: 'NOT_FOUND' },
      });

      const own = await createTicket(other);
      expect(await snoop.request('ticket.subscribe', { ticketId: own })).toEqual({ ok: true });
      await request(api.url)
        .patch(`/api/tickets/${id}/status`)
        .set('Authorization', agent.auth)
        .send({ status: 'in_progress' });
      await request(api.url)
        .patch(`/api/tickets/${own}/status`)
        .set('Authorization', agent.auth)
        .send({ status: 'in_progress' });
      await snoop.nextTicketUpdate((t) => t.id === own);
      expect(snoop.ticketUpdates.map((t) => t.id)).toEqual([own]);
      expect(snoop.notifications.every((n) => n.ticketId === own)).toBe(true);
    });

    it('answers 404 to a malformed or unknown ticket id', async () => {
      const viewer = await listenAs(customer);
      for (const body of [{ ticketId: 'abc' }, { ticketId: -1 }, {}, null, { ticketId: 999_999 }]) {
        expect(await viewer.request('ticket.subscribe', body)).toMatchObject({
          ok: false,
          error: { statusCode: 404, code: 'NOT_FOUND' },
        });
      }
    });

    it('stops sending ticket.updated after ticket.unsubscribe', async () => {
      const id = await createTicket(customer);
      const viewer = await listenAs(customer);
      expect(await viewer.request('ticket.subscribe', { ticketId: id })).toEqual({ ok: true });
      await request(api.url)
        .patch(`/api/tickets/${id}/status`)
        .set('Authorization', agent.auth)
        .send({ status: 'in_progress' });
      await viewer.nextTicketUpdate((t) => t.id === id);
      expect(await viewer.request('ticket.unsubscribe', { ticketId: id })).toEqual({ ok: true });
      await request(api.url)
        .patch(`/api/tickets/${id}/status`)
        .set('Authorization', agent.auth)
        .send({ status: 'waiting_on_customer' });
      // ticket.updated is pushed before the notification of the same change, so the notification proves it was not sent.
      await viewer.nextNotification((n) => n.ticketId === id && n.title.endsWith('Waiting on customer'));
      expect(viewer.ticketUpdates.filter((t) => t.id === id).map((t) => t.status)).toEqual(['in_progress']);
    });
  });

  describe('access token expiry', () => {
    let shortLived: ApiServer;
    beforeAll(async () => {
      shortLived = await startApi({ JWT_ACCESS_TTL: '2s' });
    });
    afterAll(() => shortLived.stop());

    it('closes the connection when its access token expires, so the client must reconnect with a fresh one', async () => {
      const session = await login(shortLived.url, DEMO.customer);
      const socket = await connectSocket(shortLived.url, session.accessToken);
      const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
      expect(reason).toBe('io server disconnect');
      await expect(connectSocket(shortLived.url, session.accessToken)).rejects.toThrow(
        /invalid or expired access token/,
      );
    });
  });
});
