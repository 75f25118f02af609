import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sign } from 'jsonwebtoken';
import request from 'supertest';

import { ApiServer, DEMO, expectError, login, registerCustomer, startApi } from './support/api-server';
import { sql } from './support/database';
import { connectSocket } from './support/sockets';

describe('Auth API', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi({ REFRESH_REUSE_GRACE: '1s' });
  });
  afterAll(() => api.stop());

  describe('POST /api/auth/register', () => {
    it('creates a customer with a normalised e-mail and returns tokens, never a password hash', async () => {
      const res = await request(api.url).post('/api/auth/register').send({
        email: '  New.Person@Example.COM ',
        password: 'violet-harbor-lantern-42',
        name: ' New Person ',
      });
      expect(res.status).toBe(201);
      expect(res.body.user).toMatchObject({
        email: 'new.person@example.com',
        name: 'New Person',
        role: 'customer',
        active: true,
      });
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.refreshToken).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toMatch(/password|\$2[aby]\$/i);
      const me = await request(api.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.body.email).toBe('new.person@example.com');
    });

    it('refuses an e-mail that exists already in another case with 409 on the email field', async () => {
      const res = await request(api.url)
        .post('/api/auth/register')
        .send({ email: 'CUSTOMER@example.com', password: 'violet-harbor-lantern-42', name: 'Dup' });
      const body = expectError(res, 409, 'EMAIL_TAKEN');
      expect(body.errors).toEqual({ email: [expect.stringMatching(/already exists/)] });
    });

    it.each(['abc', 'password', 'qwerty123'])(
      'refuses the weak password %p with a 400 that says why',
      async (password) => {
        const res = await request(api.url)
          .post('/api/auth/register')
          .send({ email: `weak-${password}@example.com`, password, name: 'Weak' });
        const body = expectError(res, 400, 'VALIDATION_FAILED');
        expect((body.errors as Record<string, string[]>).password[0]).toMatch(
          /at least 8 characters|too easy to guess/,
        );
      },
    );

    it('refuses an invalid e-mail, a missing name and unknown fields', async () => {
      const res = await request(api.url)
        .post('/api/auth/register')
        .send({ email: 'not-an-email', password: 'violet-harbor-lantern-42', role: 'admin' });
      const body = expectError(res, 400, 'VALIDATION_FAILED');
      expect(Object.keys(body.errors as object).sort()).toEqual(['email', 'name', 'role']);
    });

    it('never lets a registration pick its role', async () => {
      const session = await registerCustomer(api.url, 'plain@example.com');
      expect(session.role).toBe('customer');
    });
  });

  describe('POST /api/auth/login', () => {
    it('logs a seeded agent in', async () => {
      const res = await request(api.url)
        .post('/api/auth/login')
        .send({ email: 'Agent@Example.com', password: 'agent123' });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ email: 'agent@example.com', role: 'agent' });
    });

    it('answers a wrong password and an unknown e-mail with the same 401', async () => {
      const wrongPassword = await request(api.url)
        .post('/api/auth/login')
        .send({ email: DEMO.agent.email, password: 'nope-nope' });
      const unknownEmail = await request(api.url)
        .post('/api/auth/login')
        .send({ email: 'ghost@example.com', password: 'nope-nope' });
      expectError(wrongPassword, 401, 'INVALID_CREDENTIALS');
      expect(unknownEmail.status).toBe(401);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('refuses a deactivated user, and their access token stops working at once', async () => {
      const session = await registerCustomer(api.url, 'leaver@example.com');
      await sql(api.dataDir, 'update users set active = 0 where email = ?', ['leaver@example.com']);
      const res = await request(api.url)
        .post('/api/auth/login')
        .send({ email: 'leaver@example.com', password: 'violet-harbor-lantern-42' });
      expectError(res, 401, 'INVALID_CREDENTIALS');
      expectError(await request(api.url).get('/api/tickets').set('Authorization', session.auth), 401);
      expectError(
        await request(api.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('rotates: a new pair works and the old refresh token is used up', async () => {
      const first = await login(api.url, DEMO.customer);
      const res = await request(api.url).post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(res.status).toBe(200);
      expect(res.body.refreshToken).not.toBe(first.refreshToken);
      const me = await request(api.url)
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.body.email).toBe(DEMO.customer.email);
    });

    it('revokes the whole family when a used refresh token is presented again after the grace period', async () => {
      const first = await login(api.url, DEMO.customer);
      const second = await request(api.url)
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken });
      // REFRESH_REUSE_GRACE is 1 s in this suite; the unit tests move a fake clock instead.
      await new Promise((r) => setTimeout(r, 1100));
      const reuse = await request(api.url)
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken });
      expectError(reuse, 401, 'REFRESH_TOKEN_REUSED');
      const descendant = await request(api.url)
        .post('/api/auth/refresh')
        .send({ refreshToken: second.body.refreshToken });
      expectError(descendant, 401, 'INVALID_REFRESH_TOKEN');
    });

    it('gives two concurrent refreshes with one token (two tabs) the same new pair, and logs nobody out', async () => {
      const session = await login(api.url, DEMO.customer2);
      const results = await Promise.all(
        [1, 2].map(() =>
          request(api.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(results[1].body.refreshToken).toBe(results[0].body.refreshToken);
      expect(results[1].body.accessToken).toBe(results[0].body.accessToken);
      const next = await request(api.url)
        .post('/api/auth/refresh')
        .send({ refreshToken: results[0].body.refreshToken });
      expect(next.status).toBe(200);
    });

    it('refuses an unknown refresh token and a missing one', async () => {
      expectError(
        await request(api.url).post('/api/auth/refresh').send({ refreshToken: 'made-up' }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectError(await request(api.url).post('/api/auth/refresh').send({}), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /api/auth/logout', () => {
    it('revokes the refresh token (204) so it cannot be refreshed', async () => {
      const session = await login(api.url, DEMO.agent2);
      const res = await request(api.url)
        .post('/api/auth/logout')
        .set('Authorization', session.auth)
        .send({ refreshToken: session.refreshToken });
      expect(res.status).toBe(204);
      expectError(
        await request(api.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken }),
        401,
      );
    });

    it('needs an access token', async () => {
      expectError(await request(api.url).post('/api/auth/logout').send({ refreshToken: 'x' }), 401);
    });

    it("ends the session at once: its access token and its socket stop working, the user's other logins do not", async () => {
      const leaving = await login(api.url, DEMO.agent);
      const staying = await login(api.url, DEMO.agent);
      const socket = await connectSocket(api.url, leaving.accessToken);
      const closed = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));
      await request(api.url)
        .post('/api/auth/logout')
        .set('Authorization', leaving.auth)
        .send({ refreshToken: leaving.refreshToken })
        .expect(204);
      const refused = await request(api.url).get('/api/auth/me').set('Authorization', leaving.auth);
      expect(expectError(refused, 401, 'UNAUTHORIZED').message).toMatch(/session has ended/);
      await closed;
      await expect(connectSocket(api.url, leaving.accessToken)).rejects.toThrow(/session has ended/);
      expect((await request(api.url).get('/api/auth/me').set('Authorization', staying.auth)).status).toBe(
        200,
      );
    });
  });

  describe('POST /api/auth/logout-all', () => {
    it("ends every session of the caller, this one included, and nobody else's", async () => {
      const phone = await login(api.url, DEMO.customer);
      const laptop = await login(api.url, DEMO.customer);
      const other = await login(api.url, DEMO.agent2);
      await request(api.url).post('/api/auth/logout-all').set('Authorization', laptop.auth).expect(204);
      for (const session of [phone, laptop]) {
        expectError(await request(api.url).get('/api/auth/me').set('Authorization', session.auth), 401);
        expectError(
          await request(api.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken }),
          401,
          'INVALID_REFRESH_TOKEN',
        );
      }
      expect((await request(api.url).get('/api/auth/me').set('Authorization', other.auth)).status).toBe(200);
    });
  });

  describe('access tokens', () => {
    const secret = (): string => readFileSync(join(api.dataDir, 'jwt-secret'), 'utf8').trim();

    it('are HS256 JWTs carrying sub and role', async () => {
      const session = await login(api.url, DEMO.agent);
      const [header, payload] = session.accessToken
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header.alg).toBe('HS256');
      expect(payload).toMatchObject({ sub: String(session.id), role: 'agent' });
      expect(payload.exp - payload.iat).toBe(15 * 60);
    });

    it.each([
      ['missing', undefined],
      ['malformed', 'Bearer not.a.jwt'],
      ['not bearer', 'Basic YWdlbnQ6YWdlbnQxMjM='],
    ])('refuses a %s token with 401', async (_case, header) => {
      const req = request(api.url).get('/api/tickets');
      expectError(await (header ? req.set('Authorization', header) : req), 401, 'UNAUTHORIZED');
    });

    it('refuses an expired token', async () => {
      const token = sign({ sub: '2', role: 'agent', exp: Math.floor(Date.now() / 1000) - 10 }, secret(), {
        algorithm: 'HS256',
      });
      const res = await request(api.url).get('/api/tickets').set('Authorization', `Bearer ${token}`);
      expect(expectError(res, 401).message).toMatch(/expired/);
    });

    it('refuses a correctly signed token without an expiry (it would never end)', async () => {
      const forever = sign({ sub: '2', role: 'agent' }, secret(), { algorithm: 'HS256' });
      const res = await request(api.url).get('/api/tickets').set('Authorization', `Bearer ${forever}`);
      expect(expectError(res, 401, 'UNAUTHORIZED').message).toMatch(/no expiry/);
    });

    it('refuses a token signed with another secret, and an unsigned one', async () => {
      const forged = sign({ sub: '1', role: 'admin' }, 'x'.repeat(48), { algorithm: 'HS256', expiresIn: 60 });
      expectError(await request(api.url).get('/api/tickets').set('Authorization', `Bearer ${forged}`), 401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"1","role":"admin"}').toString('base64url')}.`;
      expectError(await request(api.url).get('/api/tickets').set('Authorization', `Bearer ${none}`), 401);
    });

    it('take the role from the database, not from the token', async () => {
      const customer = await login(api.url, DEMO.customer);
      const elevated = sign({ sub: String(customer.id), role: 'admin' }, secret(), {
        algorithm: 'HS256',
        expiresIn: 60,
      });
      expectError(
        await request(api.url).get('/api/users?role=agent').set('Authorization', `Bearer ${elevated}`),
        403,
      );
    });
  });
});

describe('Auth rate limit', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi({ AUTH_RATE_LIMIT: '3', SEED: 'true' });
  });
  afterAll(() => api.stop());

  it('answers the 4th login attempt for one e-mail within a minute with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await request(api.url)
        .post('/api/auth/login')
        .send({ email: 'customer@example.com', password: 'wrong-guess' });
      expect(res.status).toBe(401);
    }
    const res = await request(api.url)
      .post('/api/auth/login')
      .send({ email: 'customer@example.com', password: 'customer123' });
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('limits one IP across different e-mails, on register too', async () => {
    // The IP already spent 4 attempts in the previous test within the same window.
    const res = await request(api.url)
      .post('/api/auth/register')
      .send({ email: 'fresh@example.com', password: 'violet-harbor-lantern-42', name: 'Fresh' });
    expectError(res, 429, 'RATE_LIMITED');
  });

  it('does not limit other endpoints', async () => {
    for (let i = 0; i < 5; i++) expect((await request(api.url).get('/api/health')).status).toBe(200);
  });
});
