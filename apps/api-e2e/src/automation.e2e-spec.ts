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
import {
  changeSettings,
  createStaff,
  CreatedTicket,
  expectRoundRobin,
  openTicketsAtOnce,
  setAvailable,
} from './support/automation';
import { nextMailFile } from './support/mail';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Automation (issue 9): automatic assignment of new tickets (round robin, least loaded, manual),
 * agents' availability, and the `tickets.auto_close` job, on a running API whose clock the tests
 * move (`CLOCK_CONTROL`) and whose jobs poll every 200 ms.
 */
describe('Automation', () => {
  let api: ApiServer;
  let admin: Session;
  let agent: Session;
  let agent2: Session;
  let customer: Session;
  /** Every member of staff the tests know, to make all but some unavailable. */
  const staff: Session[] = [];

  /** Makes exactly `who` available among the staff the tests know. */
  const onlyAvailable = async (...who: Session[]): Promise<void> => {
    for (const member of staff) await setAvailable(api.url, member, who.includes(member));
  };
  const mode = (value: string): Promise<void> =>
    changeSettings(api.url, admin, { assignment: { mode: value } });
  const openTicket = async (as: Session = customer, body: object = {}): Promise<CreatedTicket> => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', as.auth)
      .send({ subject: 'Printer offline', description: 'It says offline', ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const setStatus = (session: Session, id: number, status: string): request.Test =>
    request(api.url).patch(`/api/tickets/${id}/status`).set('Authorization', session.auth).send({ status });
  const me = async (session: Session): Promise<Record<string, unknown>> =>
    (await request(api.url).get('/api/auth/me').set('Authorization', session.auth)).body;

  beforeAll(async () => {
    api = await startApi({ CLOCK_CONTROL: 'true', JOBS_POLL_INTERVAL: '200ms' });
    admin = await login(api.url, DEMO.admin);
    agent = await login(api.url, DEMO.agent);
    agent2 = await login(api.url, DEMO.agent2);
    customer = await registerCustomer(api.url, 'automation.customer@example.com', 'Ada Automation');
    staff.push(admin, agent, agent2);
  });
  afterAll(() => api.stop());

  describe('availability', () => {
    it('is on for agents and off for admins and customers by default, in /api/auth/me and the user lists', async () => {
      expect(await me(agent)).toMatchObject({ role: 'agent', available: true });
      expect(await me(admin)).toMatchObject({ role: 'admin', available: false });
      expect(await me(customer)).toMatchObject({ role: 'customer', available: false });
      const created = await createStaff(api.url, admin, 'fresh.agent@example.com');
      expect(await me(created)).toMatchObject({ available: true });
      const list = await request(api.url).get('/api/users?role=agent').set('Authorization', agent.auth);
      expect(list.body.items.find((u: { id: number }) => u.id === agent.id)).toMatchObject({
        available: true,
      });
      staff.push(created);
    });

    it('is switched by the agent or admin with PATCH /api/users/me, and back', async () => {
      const off = await request(api.url)
        .patch('/api/users/me')
        .set('Authorization', agent2.auth)
        .send({ available: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: agent2.id, available: false });
      expect(await me(agent2)).toMatchObject({ available: false });
      await setAvailable(api.url, agent2, true);
      await setAvailable(api.url, admin, true);
      expect(await me(admin)).toMatchObject({ available: true });
      await setAvailable(api.url, admin, false);
    });

    it('refuses a customer with 403 ROLE_FORBIDDEN and a non-boolean with 400, changing nothing', async () => {
      const refused = expectError(
        await request(api.url)
          .patch('/api/users/me')
          .set('Authorization', customer.auth)
          .send({ available: true, firstName: 'Changed' }),
        403,
        'ROLE_FORBIDDEN',
      );
      expect(refused.message).toMatch(/customers cannot be assigned/i);
      expect(await me(customer)).toMatchObject({ available: false, firstName: 'Ada' });
      for (const available of ['yes', null, 1]) {
        const bad = expectError(
          await request(api.url).patch('/api/users/me').set('Authorization', agent.auth).send({ available }),
          400,
          'VALIDATION_FAILED',
        );
        expect(Object.keys(bad.errors as object)).toEqual(['available']);
      }
      expect(await me(agent)).toMatchObject({ available: true });
    });

    it('follows a role change: an agent made admin is no longer available', async () => {
      const promoted = await createStaff(api.url, admin, 'promoted.agent@example.com');
      const res = await request(api.url)
        .patch(`/api/users/${promoted.id}`)
        .set('Authorization', admin.auth)
        .send({ role: 'admin' });
      expect(res.body).toMatchObject({ role: 'admin', available: false });
    });
  });

  describe('round robin', () => {
    it('shares 20 concurrent tickets fairly and in turn, skipping unavailable and deactivated agents, admins only when available', async () => {
      const extra = await createStaff(api.url, admin, 'rr.extra@example.com');
      const leaving = await createStaff(api.url, admin, 'rr.leaving@example.com');
      staff.push(extra, leaving);
      await onlyAvailable(agent, extra, leaving, admin);
      const deactivated = await request(api.url)
        .patch(`/api/users/${leaving.id}`)
        .set('Authorization', admin.auth)
        .send({ active: false });
      expect(deactivated.status).toBe(200);
      staff.splice(staff.indexOf(leaving), 1);
      await mode('round_robin');

      const tickets = await openTicketsAtOnce(api.url, customer, 20);
      expectRoundRobin(tickets, [agent.id, extra.id, admin.id]);

      // Admins take part only while available.
      await setAvailable(api.url, admin, false);
      const more = await openTicketsAtOnce(api.url, customer, 6);
      expectRoundRobin(more, [agent.id, extra.id]);
    });

    it('assigns as the helpdesk itself: system history events, and the assignee and the customer told in-app and by e-mail', async () => {
      await onlyAvailable(agent2);
      await mode('round_robin');
      const ticket = await openTicket();
      expect(ticket).toMatchObject({ status: 'in_progress', assignee: { id: agent2.id } });
      const history = await request(api.url)
        .get(`/api/tickets/${ticket.id}/history`)
        .set('Authorization', customer.auth);
      expect(history.body.items).toEqual([
        expect.objectContaining({ type: 'created', actor: expect.objectContaining({ id: customer.id }) }),
        expect.objectContaining({ type: 'assigned', actor: null, system: true, to: 'Sam Support' }),
        expect.objectContaining({
          type: 'status_changed',
          actor: null,
          system: true,
          from: 'open',
          to: 'in_progress',
        }),
      ]);
      for (const session of [agent2, customer]) {
        const notifications = await request(api.url)
          .get('/api/notifications?pageSize=50')
          .set('Authorization', session.auth);
        expect(notifications.body.items).toContainEqual(
          expect.objectContaining({
            type: 'ticket.assigned',
            ticketId: ticket.id,
            body: expect.stringMatching(/^The helpdesk assigned/),
          }),
        );
      }
      for (const email of [DEMO.agent2.email, 'automation.customer@example.com']) {
        const mail = await nextMailFile(
          api.dataDir,
          (m) =>
            m.to.some((to) => to.includes(email)) &&
            m.subject.includes(ticket.number) &&
            /assigned/.test(m.text),
        );
        expect(mail.text).toContain('The helpdesk assigned');
      }
    });

    it('also assigns a ticket staff open for a customer', async () => {
      await onlyAvailable(agent);
      const ticket = await openTicket(agent2, { customerId: customer.id });
      expect(ticket).toMatchObject({ status: 'in_progress', assignee: { id: agent.id } });
    });

    it('leaves the ticket unassigned and open when nobody is available', async () => {
      await onlyAvailable();
      const ticket = await openTicket();
      expect(ticket).toMatchObject({ status: 'open', assignee: null });
    });

    it('leaves the ticket unassigned in manual mode, whoever is available', async () => {
      await onlyAvailable(agent, agent2);
      await mode('manual');
      const ticket = await openTicket();
      expect(ticket).toMatchObject({ status: 'open', assignee: null });
    });
  });

  describe('least loaded', () => {
    it('gives each ticket to the agent with the fewest open, in-progress and reopened tickets, ties to the longest since their last assignment', async () => {
      const [p, q, r] = [
        await createStaff(api.url, admin, 'll.p@example.com'),
        await createStaff(api.url, admin, 'll.q@example.com'),
        await createStaff(api.url, admin, 'll.r@example.com'),
      ];
      staff.push(p, q, r);
      await onlyAvailable(p, q, r);
      await mode('least_loaded');
      // Nobody has work yet and nobody was ever assigned: in order of id.
      const first = [await openTicket(), await openTicket(), await openTicket()];
      expect(first.map((t) => t.assignee?.id)).toEqual([p.id, q.id, r.id]);
      // r resolves theirs: r has nothing left to do and goes first though assigned last.
      const resolved = await setStatus(r, first[2].id, 'resolved');
      expect(resolved.status).toBe(200);
      expect((await openTicket()).assignee?.id).toBe(r.id);
      // One ticket each: p was assigned longest ago, then q, then r.
      expect((await openTicket()).assignee?.id).toBe(p.id);
      expect((await openTicket()).assignee?.id).toBe(q.id);
      // A ticket waiting on the customer is not work to do: q's load drops to 1 of 2.
      const waiting = await setStatus(q, first[1].id, 'waiting_on_customer');
      expect(waiting.status).toBe(200);
      // Loads now: p 2, q 1, r 1; r was assigned longer ago than q.
      expect((await openTicket()).assignee?.id).toBe(r.id);
      expect((await openTicket()).assignee?.id).toBe(q.id);
    });

    it('keeps the loads even under 12 concurrent creations', async () => {
      const [s, t] = [
        await createStaff(api.url, admin, 'll.s@example.com'),
        await createStaff(api.url, admin, 'll.t@example.com'),
      ];
      staff.push(s, t);
      await onlyAvailable(s, t);
      const tickets = await openTicketsAtOnce(api.url, customer, 12);
      expectRoundRobin(tickets, [s.id, t.id]);
      await mode('manual');
    });
  });

  describe('auto-close', () => {
    /** The runs of the auto-close job so far, from /metrics. */
    const runs = async (): Promise<number> => {
      const text = (await request(api.url).get('/metrics')).text;
      expect(text).not.toMatch(/helpdesk_job_runs_total\{job="tickets\.auto_close",outcome="failed"\}/);
      const match = /helpdesk_job_runs_total\{job="tickets\.auto_close",outcome="ok"\} (\d+)/.exec(text);
      return match ? Number(match[1]) : 0;
    };
    /** Moves the API's clock, waits for the auto-close job's next run, and logs everyone in again. */
    const advanceAndRun = async (ms: number): Promise<void> => {
      const before = await runs();
      const moved = await request(api.url).put('/api/testing/clock').send({ advanceMs: ms });
      expect(moved.status).toBe(200);
      const deadline = Date.now() + 10_000;
      while ((await runs()) <= before) {
        if (Date.now() > deadline) throw new Error(`the auto-close job did not run:\n${api.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Access tokens live 15 minutes of the moved clock.
      customer = await login(api.url, {
        email: 'automation.customer@example.com',
        password: 'violet-harbor-lantern-42',
      });
      agent = await login(api.url, DEMO.agent);
      admin = await login(api.url, DEMO.admin);
    };
    const status = async (id: number): Promise<Record<string, unknown>> =>
      (await request(api.url).get(`/api/tickets/${id}`).set('Authorization', customer.auth)).body;
    /** A ticket of the customer, taken and resolved by the agent. */
    const resolvedTicket = async (): Promise<CreatedTicket> => {
      const ticket = await openTicket(customer, { subject: 'Resolve me' });
      await request(api.url)
        .post(`/api/tickets/${ticket.id}/assign`)
        .set('Authorization', agent.auth)
        .send({});
      const res = await setStatus(agent, ticket.id, 'resolved');
      expect(res.body.status).toBe('resolved');
      return ticket;
    };

    it('closes a ticket resolved longer than the set days (not before), as the helpdesk, telling the customer; they may still reopen it', async () => {
      await changeSettings(api.url, admin, { autoClose: { resolvedAfterDays: 3 } });
      const [reopened, expired] = [await resolvedTicket(), await resolvedTicket()];

      await advanceAndRun(2 * DAY_MS);
      expect(await status(reopened.id)).toMatchObject({ status: 'resolved', closedAt: null });

      await advanceAndRun(DAY_MS + 60_000);
      for (const ticket of [reopened, expired]) {
        expect(await status(ticket.id)).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
      }
      const history = await request(api.url)
        .get(`/api/tickets/${reopened.id}/history`)
        .set('Authorization', customer.auth);
      expect(history.body.items.at(-1)).toMatchObject({
        type: 'status_changed',
        actor: null,
        system: true,
        from: 'resolved',
        to: 'closed',
      });
      const notifications = await request(api.url)
        .get('/api/notifications?pageSize=50')
        .set('Authorization', customer.auth);
      expect(notifications.body.items).toContainEqual(
        expect.objectContaining({
          type: 'ticket.status_changed',
          ticketId: reopened.id,
          title: `Ticket ${reopened.number} is now Closed`,
          body: expect.stringContaining('reopen it within 7 days'),
        }),
      );
      const mail = await nextMailFile(
        api.dataDir,
        (m) =>
          m.to.some((to) => to.includes('automation.customer@example.com')) &&
          m.subject === `[${reopened.number}] Resolve me (Closed)`,
      );
      expect(mail.text).toContain('The helpdesk closed');

      // The reopen window counts from the closing.
      const reopen = await setStatus(customer, reopened.id, 'reopened');
      expect(reopen.status).toBe(200);
      await advanceAndRun(8 * DAY_MS);
      expectError(await setStatus(customer, expired.id, 'reopened'), 400, 'REOPEN_WINDOW_EXPIRED');
    }, 90_000);

    it('closes nothing when set to 0 days', async () => {
      await changeSettings(api.url, admin, { autoClose: { resolvedAfterDays: 0 } });
      const ticket = await resolvedTicket();
      await advanceAndRun(400 * DAY_MS);
      expect(await status(ticket.id)).toMatchObject({ status: 'resolved' });
    });
  });
});
