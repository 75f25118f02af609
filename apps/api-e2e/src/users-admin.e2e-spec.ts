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
import { nextMailFile } from './support/mail';
import { Listener, connectSocket, listen } from './support/sockets';

const APP_URL = 'https://help.example.test';
const STRONG = 'violet-harbor-lantern-42';

describe('Users and administration', () => {
  let api: ApiServer;
  let admin: Session;
  let agent: Session;
  let customer: Session;
  /** Every response body of the file, to check that no password hash ever leaves the API. */
  const bodies: string[] = [];
  const sockets: Listener[] = [];

  const call = async (
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    session?: Session,
    body?: object,
  ): Promise<request.Response> => {
    let req = request(api.url)[method](path);
    if (session) req = req.set('Authorization', session.auth);
    const res = await (body === undefined ? req : req.send(body));
    bodies.push(JSON.stringify(res.body));
    return res;
  };
  const createUser = async (body: Record<string, unknown>): Promise<request.Response> =>
    call('post', '/api/users', admin, body);
  const newTicket = async (subject: string): Promise<number> =>
    (await call('post', '/api/tickets', customer, { subject, description: 'Help' })).body.id;

  beforeAll(async () => {
    api = await startApi({ APP_URL, OUTBOX_POLL_INTERVAL: '100ms' });
    admin = await login(api.url, DEMO.admin);
    agent = await login(api.url, DEMO.agent);
    customer = await login(api.url, DEMO.customer);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await api.stop();
  });

  describe('names', () => {
    it.each(['Anne-Marie', "O'Brien", 'José', '李', 'Zoë', 'J. R.', 'Nguyễn Văn'])(
      'accepts the first name %p',
      async (firstName) => {
        const email = `ok-${Buffer.from(firstName).toString('hex')}@example.com`;
        const res = await createUser({
          email,
          firstName: ` ${firstName} `,
          lastName: 'Tester',
          role: 'customer',
          password: STRONG,
        });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ firstName, lastName: 'Tester', name: `${firstName} Tester` });
      },
    );

    it.each([
      ['R2D2', /only letters/],
      ['Ann!', /only letters/],
      ['-Ann', /start with a letter/],
      ['x'.repeat(51), /at most 50 characters/],
      ['   ', /must not be empty/],
      [42, /must be a string/],
      [null, /must be a string/],
    ])('refuses the first name %p with 400 and the reason', async (firstName, why) => {
      const res = await createUser({
        email: 'bad-name@example.com',
        firstName,
        lastName: 'Tester',
        role: 'agent',
      });
      const body = expectError(res, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual({ firstName: [expect.stringMatching(why)] });
    });

    it('registers with firstName and lastName, and answers with both and the joined name', async () => {
      const res = await call('post', '/api/auth/register', undefined, {
        email: 'split@example.com',
        password: STRONG,
        firstName: ' Anne-Marie ',
        lastName: "O'Brien",
      });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({
        firstName: 'Anne-Marie',
        lastName: "O'Brien",
        name: "Anne-Marie O'Brien",
      });
    });

    it.each([
      ['Anne Marie Smith', 'Anne Marie', 'Smith'],
      ['Cher', 'Cher', ''],
      ['  Tess   Customer ', 'Tess', 'Customer'],
    ])(
      'still registers a legacy client sending name %p, split on the last space',
      async (name, first, last) => {
        const email = `legacy-${first.length}-${last.length}@example.com`;
        const res = await call('post', '/api/auth/register', undefined, { email, password: STRONG, name });
        expect(res.status).toBe(201);
        expect(res.body.user).toMatchObject({
          firstName: first,
          lastName: last,
          name: `${first} ${last}`.trim(),
        });
      },
    );

    it('refuses a legacy name with a digit, and name together with firstName/lastName', async () => {
      const digit = await call('post', '/api/auth/register', undefined, {
        email: 'r2@example.com',
        password: STRONG,
        name: 'R2D2 Unit',
      });
      expect(Object.keys(expectError(digit, 400, 'VALIDATION_FAILED').errors as object)).toEqual(['name']);
      const both = await call('post', '/api/auth/register', undefined, {
        email: 'both@example.com',
        password: STRONG,
        name: 'Ann Lee',
        firstName: 'Ann',
        lastName: 'Lee',
      });
      expect(Object.keys(expectError(both, 400).errors as object)).toEqual(['name']);
    });
  });

  describe('GET /api/users', () => {
    it('gives admins everyone, a page at a time, by first name, last name and id', async () => {
      const all = await call('get', '/api/users?pageSize=100', admin);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ page: 1, pageSize: 100, total: all.body.items.length });
      const keys = all.body.items.map((u: { firstName: string; lastName: string }) => [
        u.firstName,
        u.lastName,
      ]);
      expect(keys).toEqual(
        [...keys].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)),
      );
      expect(all.body.items[0]).toEqual({
        id: expect.any(Number),
        email: expect.any(String),
        firstName: expect.any(String),
        lastName: expect.any(String),
        name: expect.any(String),
        role: expect.any(String),
        active: expect.any(Boolean),
        available: expect.any(Boolean),
        createdAt: expect.any(String),
      });
      const second = await call('get', '/api/users?pageSize=2&page=2', admin);
      expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: all.body.total });
      expect(second.body.items).toEqual(all.body.items.slice(2, 4));
    });

    it('filters by role, active and q (name or e-mail, any case)', async () => {
      const customers = await call('get', '/api/users?role=customer&pageSize=100', admin);
      expect(customers.body.items.every((u: { role: string }) => u.role === 'customer')).toBe(true);
      expect(customers.body.items.map((u: { email: string }) => u.email)).toContain(DEMO.customer2.email);

      const byName = await call('get', `/api/users?q=${encodeURIComponent('ADA ADM')}`, admin);
      expect(byName.body.items.map((u: { email: string }) => u.email)).toEqual([DEMO.admin.email]);
      const byEmail = await call('get', '/api/users?q=Customer2%40', admin);
      expect(byEmail.body.items.map((u: { name: string }) => u.name)).toEqual(['Robin Buyer']);
      const literal = await call('get', '/api/users?q=%25', admin);
      expect(literal.body).toMatchObject({ total: 0, items: [] });

      const staff = await call('get', '/api/users?role=agent&pageSize=100', admin);
      expect(staff.body.items.map((u: { email: string }) => u.email)).toEqual(
        expect.arrayContaining([DEMO.admin.email, DEMO.agent.email, DEMO.agent2.email]),
      );
    });

    it('gives agents only the active agents and admins, whatever they ask', async () => {
      const gone = await createUser({
        email: 'gone.agent@example.com',
        firstName: 'Gone',
        lastName: 'Agent',
        role: 'agent',
        password: STRONG,
      });
      await call('patch', `/api/users/${gone.body.id}`, admin, { active: false });
      const res = await call('get', '/api/users?pageSize=100', agent);
      expect(res.status).toBe(200);
      const emails = res.body.items.map((u: { email: string }) => u.email);
      expect(emails).toEqual(expect.arrayContaining([DEMO.admin.email, DEMO.agent.email, DEMO.agent2.email]));
      expect(emails).not.toContain('gone.agent@example.com');
      expect(
        res.body.items.every((u: { role: string; active: boolean }) => u.role !== 'customer' && u.active),
      ).toBe(true);
      expect((await call('get', '/api/users?role=customer', agent)).body).toMatchObject({
        items: [],
        total: 0,
      });
      expect((await call('get', '/api/users?active=false', agent)).body).toMatchObject({
        items: [],
        total: 0,
      });
      const admins = await call('get', '/api/users?role=admin', agent);
      expect(admins.body.items.map((u: { email: string }) => u.email)).toEqual([DEMO.admin.email]);
    });

    it('refuses customers (403), anonymous callers (401) and bad queries (400)', async () => {
      expectError(await call('get', '/api/users', customer), 403, 'ROLE_FORBIDDEN');
      expectError(await call('get', '/api/users'), 401);
      for (const query of ['active=maybe', 'pageSize=1000', 'role=boss', 'page=0', `q=${'x'.repeat(201)}`]) {
        expectError(await call('get', `/api/users?${query}`, admin), 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('POST /api/users', () => {
    it('creates a user with a password, who can log in at once', async () => {
      const res = await createUser({
        email: ' Pat.Agent@Example.com ',
        firstName: 'Pat',
        lastName: 'Agent',
        role: 'agent',
        password: STRONG,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        email: 'pat.agent@example.com',
        firstName: 'Pat',
        lastName: 'Agent',
        name: 'Pat Agent',
        role: 'agent',
        active: true,
        openAssignedTickets: 0,
      });
      const session = await login(api.url, { email: 'pat.agent@example.com', password: STRONG });
      expect(session.role).toBe('agent');
    });

    it('invites a user without a password by e-mail; the link sets the password once, then they log in', async () => {
      const res = await createUser({
        email: 'invited@example.com',
        firstName: 'Ivy',
        lastName: 'Invited',
        role: 'agent',
      });
      expect(res.status).toBe(201);
      expectError(
        await call('post', '/api/auth/login', undefined, { email: 'invited@example.com', password: STRONG }),
        401,
        'INVALID_CREDENTIALS',
      );
      const mail = await nextMailFile(api.dataDir, (m) => m.to.includes('invited@example.com'));
      expect(mail.subject).toMatch(/invited/i);
      expect(mail.text).toContain('Hello Ivy Invited');
      expect(mail.text).toContain('Ada Admin has created a helpdesk account for you');
      const link = /(\S+\/auth\/reset\?token=([A-Za-z0-9_-]+)&invite=1)/.exec(mail.text);
      expect(link?.[1].startsWith(`${APP_URL}/auth/reset?token=`)).toBe(true);
      expect(mail.html).toContain(`href="${APP_URL}/auth/reset?token=${link?.[2]}&amp;invite=1"`);
      const token = link?.[2] as string;
      const confirm = await call('post', '/api/auth/password-reset/confirm', undefined, {
        token,
        newPassword: STRONG,
      });
      expect(confirm.status).toBe(204);
      expect((await login(api.url, { email: 'invited@example.com', password: STRONG })).role).toBe('agent');
      expectError(
        await call('post', '/api/auth/password-reset/confirm', undefined, {
          token,
          newPassword: 'another-quiet-meadow-73',
        }),
        400,
        'INVALID_TOKEN',
      );
    });

    it.each(['agent@example.com', 'AGENT@Example.COM', ' Agent@example.com '])(
      'refuses the e-mail %p of an existing account with 409 EMAIL_TAKEN',
      async (email) => {
        const res = await createUser({
          email,
          firstName: 'Dup',
          lastName: 'Licate',
          role: 'agent',
          password: STRONG,
        });
        const body = expectError(res, 409, 'EMAIL_TAKEN');
        expect(body.errors).toEqual({ email: [expect.stringMatching(/already exists/)] });
      },
    );

    it('refuses agents and customers (403), unknown fields, roles and weak passwords (400)', async () => {
      const valid = { email: 'nobody@example.com', firstName: 'No', lastName: 'Body', role: 'customer' };
      expectError(await call('post', '/api/users', agent, valid), 403, 'ROLE_FORBIDDEN');
      expectError(await call('post', '/api/users', customer, valid), 403, 'ROLE_FORBIDDEN');
      expectError(await createUser({ ...valid, role: 'root' }), 400, 'VALIDATION_FAILED');
      expectError(await createUser({ ...valid, active: false }), 400, 'VALIDATION_FAILED');
      const weak = expectError(
        await createUser({ ...valid, password: 'password1' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((weak.errors as Record<string, string[]>).password[0]).toMatch(/too easy to guess|at least 8/);
    });
  });

  describe('GET and PATCH /api/users/:id', () => {
    it('reads one user for admins, 404 for unknown or malformed ids, 403 for others', async () => {
      const res = await call('get', `/api/users/${agent.id}`, admin);
      expect(res.body).toMatchObject({
        id: agent.id,
        email: DEMO.agent.email,
        firstName: 'Alex',
        lastName: 'Agent',
      });
      expect(res.body.openAssignedTickets).toEqual(expect.any(Number));
      expectError(await call('get', '/api/users/999999', admin), 404, 'NOT_FOUND');
      expectError(await call('get', '/api/users/abc', admin), 404, 'NOT_FOUND');
      expectError(await call('get', `/api/users/${agent.id}`, agent), 403, 'ROLE_FORBIDDEN');
      expectError(
        await call('patch', `/api/users/${agent.id}`, agent, { role: 'admin' }),
        403,
        'ROLE_FORBIDDEN',
      );
      expectError(await call('patch', '/api/users/999999', admin, { firstName: 'X' }), 404, 'NOT_FOUND');
      expectError(await call('delete', `/api/users/${agent.id}`, admin), 404);
    });

    it('changes names and e-mail, and refuses an e-mail of another account with 409', async () => {
      const created = await createUser({
        email: 'rename@example.com',
        firstName: 'Ren',
        lastName: 'Ame',
        role: 'customer',
        password: STRONG,
      });
      const res = await call('patch', `/api/users/${created.body.id}`, admin, {
        firstName: 'Renée',
        email: 'Renee@Example.com',
      });
      expect(res.body).toMatchObject({
        firstName: 'Renée',
        lastName: 'Ame',
        name: 'Renée Ame',
        email: 'renee@example.com',
      });
      expectError(
        await call('patch', `/api/users/${created.body.id}`, admin, { email: DEMO.agent.email }),
        409,
        'EMAIL_TAKEN',
      );
      expectError(
        await call('patch', `/api/users/${created.body.id}`, admin, { firstName: 'R2D2' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await call('patch', `/api/users/${created.body.id}`, admin, { password: STRONG }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('changes a role, which takes effect on the next request', async () => {
      const promoted = await registerCustomer(api.url, 'promote.me@example.com', 'Pro Motee');
      expectError(await call('get', '/api/users', promoted), 403);
      const res = await call('patch', `/api/users/${promoted.id}`, admin, { role: 'agent' });
      expect(res.body).toMatchObject({ role: 'agent', active: true });
      expect((await call('get', '/api/users', promoted)).status).toBe(200);
    });

    it('deactivates a user: sessions end at once, sockets close, tickets stay assigned and are counted', async () => {
      await createUser({
        email: 'dee@example.com',
        firstName: 'Dee',
        lastName: 'Parting',
        role: 'agent',
        password: STRONG,
      });
      const dee = await login(api.url, { email: 'dee@example.com', password: STRONG });
      const first = await newTicket('Stays assigned 1');
      const second = await newTicket('Stays assigned 2');
      const done = await newTicket('Resolved already');
      for (const id of [first, second, done]) {
        expect((await call('post', `/api/tickets/${id}/assign`, agent, { agentId: dee.id })).status).toBe(
          200,
        );
      }
      expect((await call('patch', `/api/tickets/${done}/status`, dee, { status: 'resolved' })).status).toBe(
        200,
      );
      expect((await call('get', `/api/users/${dee.id}`, admin)).body.openAssignedTickets).toBe(2);

      const listener = await listen(api.url, dee.accessToken);
      sockets.push(listener);
      const closed = new Promise<string>((resolve) => listener.socket.once('disconnect', resolve));

      const res = await call('patch', `/api/users/${dee.id}`, admin, { active: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ active: false, openAssignedTickets: 2 });

      expect(await closed).toBe('io server disconnect');
      expectError(await call('get', '/api/tickets', dee), 401, 'UNAUTHORIZED');
      expectError(
        await call('post', '/api/auth/refresh', undefined, { refreshToken: dee.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      await expect(connectSocket(api.url, dee.accessToken)).rejects.toThrow(/deactivated/);
      expectError(
        await call('post', '/api/auth/login', undefined, { email: 'dee@example.com', password: STRONG }),
        401,
        'INVALID_CREDENTIALS',
      );
      expect((await call('get', `/api/tickets/${first}`, agent)).body.assignee).toMatchObject({ id: dee.id });

      const back = await call('patch', `/api/users/${dee.id}`, admin, { active: true });
      expect(back.body).toMatchObject({ active: true });
      expect((await login(api.url, { email: 'dee@example.com', password: STRONG })).id).toBe(dee.id);
    });

    it('closes the sockets of a user whose role changed, so they reconnect under the new role', async () => {
      const moving = await registerCustomer(api.url, 'moving@example.com', 'Mo Ving');
      const listener = await listen(api.url, moving.accessToken);
      sockets.push(listener);
      const closed = new Promise<string>((resolve) => listener.socket.once('disconnect', resolve));
      await call('patch', `/api/users/${moving.id}`, admin, { role: 'agent' });
      expect(await closed).toBe('io server disconnect');
      const again = await connectSocket(api.url, moving.accessToken);
      again.close();
    });

    it('never lets the last active admin be demoted or deactivated, nor an admin demote themself', async () => {
      const self = `/api/users/${admin.id}`;
      expectError(await call('patch', self, admin, { role: 'agent' }), 409, 'LAST_ADMIN');
      expectError(await call('patch', self, admin, { active: false }), 409, 'LAST_ADMIN');

      const second = await createUser({
        email: 'bea@example.com',
        firstName: 'Bea',
        lastName: 'Boss',
        role: 'admin',
        password: STRONG,
      });
      expectError(await call('patch', self, admin, { role: 'customer' }), 409, 'SELF_DEMOTION');
      expectError(await call('patch', self, admin, { active: false }), 409, 'SELF_DEMOTION');
      expect(
        (await call('patch', self, admin, { role: 'admin', active: true, lastName: 'Admin' })).status,
      ).toBe(200);

      const bea = await login(api.url, { email: 'bea@example.com', password: STRONG });
      expect((await call('patch', `/api/users/${second.body.id}`, admin, { role: 'agent' })).body.role).toBe(
        'agent',
      );
      // Bea's role is read afresh: she is no admin any more.
      expectError(await call('patch', self, bea, { role: 'agent' }), 403, 'ROLE_FORBIDDEN');
      expect((await call('get', self, admin)).body).toMatchObject({ role: 'admin', active: true });
    });
  });

  describe('/api/users/me', () => {
    it('reads and changes my names, but never my role, status or e-mail', async () => {
      const me = await registerCustomer(api.url, 'self@example.com', 'Sel Fie');
      expect((await call('get', '/api/users/me', me)).body).toMatchObject({
        id: me.id,
        email: 'self@example.com',
        firstName: 'Sel',
        lastName: 'Fie',
        role: 'customer',
      });
      const res = await call('patch', '/api/users/me', me, { firstName: 'Selma', lastName: 'Fiennes-Smith' });
      expect(res.body).toMatchObject({
        firstName: 'Selma',
        lastName: 'Fiennes-Smith',
        name: 'Selma Fiennes-Smith',
      });
      for (const field of [{ role: 'admin' }, { active: false }, { email: 'new@example.com' }]) {
        const refused = expectError(
          await call('patch', '/api/users/me', me, { ...field }),
          400,
          'VALIDATION_FAILED',
        );
        expect(Object.keys(refused.errors as object)).toEqual(Object.keys(field));
      }
      expectError(await call('patch', '/api/users/me', me, { firstName: 'R2D2' }), 400, 'VALIDATION_FAILED');
      expect((await call('get', '/api/auth/me', me)).body).toMatchObject({
        role: 'customer',
        active: true,
        email: 'self@example.com',
        name: 'Selma Fiennes-Smith',
      });
      expectError(await call('get', '/api/users/me'), 401);
    });

    it('changes my password: a wrong current one is 400, a weak new one is 400 with the reason', async () => {
      const me = await registerCustomer(api.url, 'qm@example.com', 'Quillon Marchbanks');
      const wrong = await call('post', '/api/users/me/password', me, {
        currentPassword: 'not-it-at-all',
        newPassword: 'another-quiet-meadow-73',
      });
      expect(expectError(wrong, 400, 'WRONG_PASSWORD').errors).toEqual({
        currentPassword: [expect.any(String)],
      });
      const weak = await call('post', '/api/users/me/password', me, {
        currentPassword: STRONG,
        newPassword: 'qwerty123',
      });
      expect(
        (expectError(weak, 400, 'VALIDATION_FAILED').errors as Record<string, string[]>).newPassword[0],
      ).toMatch(/too easy to guess/);
      const personal = await call('post', '/api/users/me/password', me, {
        currentPassword: STRONG,
        // Strong on its own, but it is the user's name.
        newPassword: 'QuillonMarchbanks',
      });
      expect(expectError(personal, 400, 'VALIDATION_FAILED').errors).toEqual({
        newPassword: [expect.stringMatching(/too easy to guess/)],
      });
      expect((await login(api.url, { email: 'qm@example.com', password: STRONG })).id).toBe(me.id);
    });

    it('changes my password and ends my other sessions, keeping this one', async () => {
      const here = await registerCustomer(api.url, 'sessions@example.com', 'Ses Sions');
      const elsewhere = await login(api.url, { email: 'sessions@example.com', password: STRONG });
      const elsewhereSocket = await listen(api.url, elsewhere.accessToken);
      const hereSocket = await listen(api.url, here.accessToken);
      sockets.push(elsewhereSocket, hereSocket);
      const closed = new Promise<string>((resolve) => elsewhereSocket.socket.once('disconnect', resolve));

      const res = await call('post', '/api/users/me/password', here, {
        currentPassword: STRONG,
        newPassword: 'another-quiet-meadow-73',
      });
      expect(res.status).toBe(204);

      expect(await closed).toBe('io server disconnect');
      expectError(
        await call('post', '/api/auth/refresh', undefined, { refreshToken: elsewhere.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expect(
        (await call('post', '/api/auth/refresh', undefined, { refreshToken: here.refreshToken })).status,
      ).toBe(200);
      expect(hereSocket.socket.connected).toBe(true);
      expectError(
        await call('post', '/api/auth/login', undefined, { email: 'sessions@example.com', password: STRONG }),
        401,
      );
      await login(api.url, { email: 'sessions@example.com', password: 'another-quiet-meadow-73' });
    });
  });

  describe('GET /api/audit', () => {
    it('records every admin action on users with who, what and the changes', async () => {
      const created = await createUser({
        email: 'audited@example.com',
        firstName: 'Aud',
        lastName: 'Ited',
        role: 'customer',
        password: STRONG,
      });
      const id = created.body.id as number;
      await call('patch', `/api/users/${id}`, admin, { lastName: 'Itor', role: 'agent', active: false });
      await call('patch', `/api/users/${id}`, admin, { active: true });

      const res = await call('get', '/api/audit?pageSize=100', admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page: 1, pageSize: 100, total: expect.any(Number) });
      const mine = res.body.items.filter((e: { target: { id: number } }) => e.target.id === id);
      const actor = { id: admin.id, name: 'Ada Admin' };
      const target = { type: 'user', id };
      expect(mine).toEqual([
        {
          id: expect.any(Number),
          at: expect.any(String),
          actor,
          target,
          action: 'user.reactivated',
          changes: { active: { from: false, to: true } },
        },
        {
          id: expect.any(Number),
          at: expect.any(String),
          actor,
          target,
          action: 'user.deactivated',
          changes: { active: { from: true, to: false } },
        },
        {
          id: expect.any(Number),
          at: expect.any(String),
          actor,
          target,
          action: 'user.role_changed',
          changes: { role: { from: 'customer', to: 'agent' } },
        },
        {
          id: expect.any(Number),
          at: expect.any(String),
          actor,
          target,
          action: 'user.updated',
          changes: { lastName: { from: 'Ited', to: 'Itor' } },
        },
        {
          id: expect.any(Number),
          at: expect.any(String),
          actor,
          target,
          action: 'user.created',
          changes: {
            email: { from: null, to: 'audited@example.com' },
            firstName: { from: null, to: 'Aud' },
            lastName: { from: null, to: 'Ited' },
            role: { from: null, to: 'customer' },
            active: { from: null, to: true },
          },
        },
      ]);
      const page = await call('get', '/api/audit?pageSize=1&page=2', admin);
      expect(page.body.items).toEqual([res.body.items[1]]);
    });

    it('writes nothing for a refused change, nor for self-service changes', async () => {
      const before = (await call('get', '/api/audit', admin)).body.total;
      await call('patch', `/api/users/${admin.id}`, admin, { role: 'agent' });
      await call('patch', '/api/users/me', customer, { firstName: 'Casey' });
      expect((await call('get', '/api/audit', admin)).body.total).toBe(before);
    });

    it('is for admins only', async () => {
      expectError(await call('get', '/api/audit', agent), 403, 'ROLE_FORBIDDEN');
      expectError(await call('get', '/api/audit', customer), 403, 'ROLE_FORBIDDEN');
      expectError(await call('get', '/api/audit'), 401);
      expectError(await call('get', '/api/audit?pageSize=0', admin), 400, 'VALIDATION_FAILED');
    });
  });

  it('never sends a password, a password hash or a token hash in any response', async () => {
    for (const path of [
      '/api/users?pageSize=100',
      `/api/users/${agent.id}`,
      '/api/users/me',
      '/api/audit?pageSize=100',
    ]) {
      await call('get', path, admin);
    }
    expect(bodies.length).toBeGreaterThan(50);
    for (const body of bodies) {
      expect(body).not.toMatch(/\$2[aby]\$|password_?hash|token_?hash/i);
      expect(body).not.toContain(STRONG);
    }
  });
});
