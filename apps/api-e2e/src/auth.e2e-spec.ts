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
    api = await startApi({ REFRESH_REUSE_GRACE: '1s', CLOCK_CONTROL: 'true' });
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

    it("expire by the API's clock: valid just before their lifetime ends, refused as expired just after", async () => {
      const session = await login(api.url, DEMO.agent);
      const { iat, exp } = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString());
      const me = () => request(api.url).get('/api/auth/me').set('Authorization', session.auth);
      const setClock = async (at: number): Promise<void> => {
        await request(api.url)
          .put('/api/testing/clock')
          .send({ now: new Date(at).toISOString() })
          .expect(200);
      };
      // The same shape as any expired token's 401, which the web app answers by refreshing.
      const expiredElsewhere = sign({ sub: '2', role: 'agent', exp: iat - 10 }, secret(), {
        algorithm: 'HS256',
      });
      const expected = (
        await request(api.url).get('/api/auth/me').set('Authorization', `Bearer ${expiredElsewhere}`)
      ).body;
      expect(expected).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringMatching(/expired/),
        code: 'UNAUTHORIZED',
      });
      try {
        await setClock((exp - 5) * 1000);
        expect((await me()).status).toBe(200);
        await setClock(exp * 1000 + 1000);
        const refused = await me();
        expect(refused.status).toBe(401);
        expect(refused.body).toEqual(expected);
        await expect(connectSocket(api.url, session.accessToken)).rejects.toThrow(/expired/);
        // The web app's way back: the refresh token still works, and its access token is valid now.
        const refreshed = await request(api.url)
          .post('/api/auth/refresh')
          .send({ refreshToken: session.refreshToken });
        expect(refreshed.status).toBe(200);
        const again = await request(api.url)
          .get('/api/auth/me')
          .set('Authorization', `Bearer ${refreshed.body.accessToken}`);
        expect(again.status).toBe(200);
      } finally {
        await setClock(Date.now());
      }
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

describe('Login protection: failures count, successes do not', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi({
      TRUST_PROXY: '127.0.0.1',
      AUTH_RATE_LIMIT: '3',
      AUTH_FAILURE_LIMIT: '10',
      LOGIN_LOCKOUT_AFTER: '3',
      LOGIN_BACKOFF: '1s',
      SEED: 'true',
    });
  });
  afterAll(() => api.stop());

  let lastAddress = 0;
  /** A client address of its own for each step, so per-IP counters do not leak between tests. */
  const nextAddress = (): string => `203.0.113.${++lastAddress}`;
  const attempt = (
    credentials: { email: string; password: string },
    options: { from?: string; cookie?: string } = {},
  ): request.Test => {
    const req = request(api.url)
      .post('/api/auth/login')
      .set('X-Forwarded-For', options.from ?? nextAddress());
    if (options.cookie) req.set('Cookie', options.cookie);
    return req.send(credentials);
  };
  /** The `hd_device=...` pair of a login's Set-Cookie. */
  const deviceCookie = (res: request.Response): string => {
    const header = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('hd_device='));
    if (!header) throw new Error(`no device cookie in ${JSON.stringify(res.headers)}`);
    return header.split(';')[0];
  };
  const newCustomer = async (email: string): Promise<{ email: string; password: string }> => {
    const credentials = { email, password: 'violet-harbor-lantern-42' };
    await request(api.url)
      .post('/api/auth/register')
      .set('X-Forwarded-For', nextAddress())
      .send({ ...credentials, firstName: 'Lock', lastName: 'Tester' })
      .expect(201);
    return credentials;
  };
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('lets a whole office behind one address log in: successful logins are not counted', async () => {
    const office = nextAddress();
    for (let i = 0; i < 20; i++) {
      const who = [DEMO.agent, DEMO.agent2, DEMO.admin, DEMO.customer][i % 4];
      expect((await attempt(who, { from: office })).status).toBe(200);
    }
  });

  it('sets a known-device cookie on every login: HttpOnly, SameSite=Strict, for the login path only', async () => {
    const res = await attempt(DEMO.customer2);
    expect(res.status).toBe(200);
    const header = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('hd_device='));
    expect(header).toMatch(/^hd_device=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43};/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\/api\/auth\/login/);
    expect(header).not.toMatch(/Secure/);
    const https = await attempt(DEMO.customer2).set('X-Forwarded-Proto', 'https');
    expect(([] as string[]).concat(https.headers['set-cookie']).join()).toMatch(/Secure/);
  });

  it('backs an account off after 3 failures in a row; the right password from a known device still works', async () => {
    const owner = await newCustomer('owner@example.com');
    const cookie = deviceCookie(await attempt(owner).expect(200));
    // An attacker elsewhere guesses from three addresses.
    for (let i = 0; i < 3; i++) {
      expectError(await attempt({ ...owner, password: `guess-${i}` }), 401, 'INVALID_CREDENTIALS');
    }
    // Now even the right password from an unknown device waits...
    const refused = await attempt(owner);
    expect(expectError(refused, 429, 'RATE_LIMITED').message).toMatch(/account/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(1);
    // ...but the owner's own browser, which logged in before, gets in.
    expect((await attempt(owner, { cookie })).status).toBe(200);
    // A cookie signed for another account, or a forged one, proves nothing.
    for (let i = 0; i < 3; i++) await attempt({ ...owner, password: `guess-${i}` });
    const other = deviceCookie(await attempt(DEMO.agent).expect(200));
    expectError(await attempt(owner, { cookie: other }), 429, 'RATE_LIMITED');
    expectError(await attempt(owner, { cookie: `${cookie.slice(0, -3)}abc` }), 429, 'RATE_LIMITED');
  });

  it('doubles the back-off with each further failure, and a success clears it', async () => {
    const target = await newCustomer('target@example.com');
    for (let i = 0; i < 3; i++) await attempt({ ...target, password: 'wrong' }).expect(401);
    expect(Number((await attempt(target)).headers['retry-after'])).toBe(1);
    await sleep(1100);
    await attempt({ ...target, password: 'wrong' }).expect(401);
    expect(Number((await attempt(target)).headers['retry-after'])).toBe(2);
    await sleep(2100);
    await attempt({ ...target, password: 'wrong' }).expect(401);
    expect(Number((await attempt(target)).headers['retry-after'])).toBe(4);
    await sleep(4100);
    expect((await attempt(target)).status).toBe(200);
    // Cleared: the next failures start from zero.
    for (let i = 0; i < 2; i++) await attempt({ ...target, password: 'wrong' }).expect(401);
    expect((await attempt(target)).status).toBe(200);
  }, 30_000);

  it("counts a known device's failures against the device, not the account", async () => {
    const shared = await newCustomer('shared@example.com');
    const cookie = deviceCookie(await attempt(shared).expect(200));
    for (let i = 0; i < 3; i++) await attempt({ ...shared, password: 'typo' }, { cookie }).expect(401);
    expect(expectError(await attempt(shared, { cookie }), 429, 'RATE_LIMITED').message).toMatch(/account/);
    // The account itself is not locked: another device logs in.
    expect((await attempt(shared)).status).toBe(200);
  });

  it('refuses every login from an address past 10 failures (any accounts), and only from that address', async () => {
    const guesser = nextAddress();
    for (let i = 0; i < 10; i++) {
      expect(
        (await attempt({ email: `nobody${i}@example.com`, password: 'x' }, { from: guesser })).status,
      ).toBe(401);
    }
    const refused = await attempt(DEMO.agent, { from: guesser });
    expect(expectError(refused, 429, 'RATE_LIMITED').message).toMatch(/address/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
    expect((await attempt(DEMO.agent)).status).toBe(200);
  });

  it('still limits registrations per address', async () => {
    const from = nextAddress();
    const register = (n: number) =>
      request(api.url)
        .post('/api/auth/register')
        .set('X-Forwarded-For', from)
        .send({ email: `fresh${n}@example.com`, password: 'violet-harbor-lantern-42', name: 'Fresh Person' });
    for (let n = 0; n < 3; n++) expect((await register(n)).status).toBe(201);
    expectError(await register(3), 429, 'RATE_LIMITED');
  });

  it('does not limit other endpoints', async () => {
    for (let i = 0; i < 5; i++) expect((await request(api.url).get('/api/health')).status).toBe(200);
  });
});
