import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

describe('Errors and safety', () => {
  let api: ApiServer;
  let agent: Session;
  beforeAll(async () => {
    api = await startApi({ CORS_ORIGINS: 'https://support.example.com' });
    agent = await login(api.url, DEMO.agent);
  });
  afterAll(() => api.stop());

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', agent.auth)
      .set('Content-Type', 'application/json')
      .send('{"subject": ');
    expectError(res, 400, 'MALFORMED_JSON');
  });

  it('answers what the HTTP parser refuses (headers over 16 KiB, garbage) in the same error shape, with a code', async () => {
    /** Sends raw bytes and reads the whole answer until the server closes the connection. */
    const raw = (bytes: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const { hostname, port } = new URL(api.url);
        const socket = connect(Number(port), hostname, () => socket.end(bytes));
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (answer += chunk));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const bodyOf = (answer: string): unknown => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

    const huge = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(huge).toMatch(/content-type: application\/json/i);
    expect(bodyOf(huge)).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: expect.stringContaining('16384 bytes'),
      code: 'HEADERS_TOO_LARGE',
    });

    const garbage = await raw('HELLO THERE\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(garbage)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
      code: 'BAD_REQUEST',
    });
  });

  it('answers an unknown route with a JSON 404', async () => {
    expectError(
      await request(api.url).get('/api/nothing-here').set('Authorization', agent.auth),
      404,
      'NOT_FOUND',
    );
    expectError(await request(api.url).post('/api/nothing-here'), 404, 'NOT_FOUND');
  });

  it('answers a body over 1 MB with 413 and stores nothing', async () => {
    const before = (await request(api.url).get('/api/tickets').set('Authorization', agent.auth)).body.total;
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', agent.auth)
      .send({ subject: 'Big', description: 'x'.repeat(1_100_000) });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect((await request(api.url).get('/api/tickets').set('Authorization', agent.auth)).body.total).toBe(
      before,
    );
  });

  it.each([
    ['an array body', '[1,2,3]'],
    ['a JSON string body', '"hello"'],
    ['null', 'null'],
    ['nested objects', '{"subject":{"$ne":null},"description":["a"]}'],
    ['a huge number', '{"subject":"s","description":"d","customerId":1e400}'],
  ])('answers %s with a 4xx, never a 500', async (_case, body) => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', agent.auth)
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({
      statusCode: res.status,
      error: expect.any(String),
      message: expect.any(String),
    });
  });

  it.each([
    ['a NUL character', 'POST', '/api/tickets', '{"subject":"a\\u0000b","description":"d"}', 'subject'],
    ['a lone surrogate', 'POST', '/api/tickets', '{"subject":"s","description":"\\ud800"}', 'description'],
    ['a NUL in a reply', 'POST', '/api/tickets/1/replies', '{"content":"\\u0000"}', 'content'],
    ['a NUL in the search', 'GET', '/api/tickets?q=%00', undefined, 'q'],
  ])('refuses text with %s with a 400 naming the field', async (_case, method, path, body, field) => {
    const req = request(api.url)[method === 'GET' ? 'get' : 'post'](path).set('Authorization', agent.auth);
    const res = await (body ? req.set('Content-Type', 'application/json').send(body) : req);
    expect(expectError(res, 400, 'VALIDATION_FAILED').errors).toHaveProperty(field);
  });

  it.each([
    ['priority', { priority: null }],
    ['category', { category: null }],
    ['subject', { subject: null }],
  ])('refuses null for the ticket field %s with a 400', async (field, body) => {
    const res = await request(api.url).patch('/api/tickets/1').set('Authorization', agent.auth).send(body);
    expect(expectError(res, 400, 'VALIDATION_FAILED').errors).toHaveProperty(field);
  });

  it('answers a body sent as text/plain with 415 before any handler runs: nothing is assigned', async () => {
    const customer = await registerCustomer(api.url, 'plain@example.com');
    const id = (
      await request(api.url)
        .post('/api/tickets')
        .set('Authorization', customer.auth)
        .send({ subject: 'Plain', description: 'D' })
    ).body.id;
    const res = await request(api.url)
      .post(`/api/tickets/${id}/assign`)
      .set('Authorization', agent.auth)
      .set('Content-Type', 'text/plain')
      .send('{"agentId":3}');
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const ticket = await request(api.url).get(`/api/tickets/${id}`).set('Authorization', agent.auth);
    expect(ticket.body.assignee).toBeNull();
  });

  it.each([
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/register'],
    ['POST', '/api/tickets'],
    ['PATCH', '/api/users/me/preferences'],
  ])(
    'answers JSON nested 3,000 levels deep on %s %s with 400 PAYLOAD_TOO_DEEP, never a 500',
    async (method, path) => {
      const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
      const req = method === 'POST' ? request(api.url).post(path) : request(api.url).patch(path);
      const res = await req
        .set('Authorization', agent.auth)
        .set('Content-Type', 'application/json')
        .send(deep);
      expectError(res, 400, 'PAYLOAD_TOO_DEEP');
    },
  );

  it('accepts a body nested as deep as the limit allows', async () => {
    const res = await request(api.url)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@b.c","password":"x","extra":${'['.repeat(30)}${']'.repeat(30)}}`);
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('refuses null for a preference that cannot be empty with 400, never a 500', async () => {
    const res = await request(api.url)
      .patch('/api/users/me/preferences')
      .set('Authorization', agent.auth)
      .send({ emailNotifications: null });
    expect(expectError(res, 400, 'VALIDATION_FAILED').errors).toHaveProperty('emailNotifications');
  });

  it.each([
    ['a bad percent-encoding', '/api/tickets/%E0%A4%A', 400, 'BAD_REQUEST'],
    ['an over-long path segment', `/api/tickets/${'1'.repeat(200)}`, 414, 'URI_TOO_LONG'],
  ])('answers %s with the API error shape and code, no framework code', async (_case, path, status, code) => {
    const res = await request(api.url).get(path).set('Authorization', agent.auth);
    expectError(res, status, code);
    expect(JSON.stringify(res.body)).not.toContain('FST_');
  });

  it('marks API answers Cache-Control: no-store (they carry tokens and personal data)', async () => {
    const res = await request(api.url).get('/api/tickets').set('Authorization', agent.auth);
    expect(res.headers['cache-control']).toBe('no-store');
    const tokens = await request(api.url).post('/api/auth/login').send(DEMO.agent);
    expect(tokens.headers['cache-control']).toBe('no-store');
  });

  it('answers an unsupported content type with a 4xx JSON error', async () => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', agent.auth)
      .set('Content-Type', 'text/xml')
      .send('<ticket/>');
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error).toBe('Unsupported Media Type');
  });

  it('sends security headers', async () => {
    const res = await request(api.url).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    // Over plain HTTP: no HSTS, no upgrade-insecure-requests (they blank the page on a LAN install).
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    // An untrusted X-Forwarded-Proto changes nothing.
    const forged = await request(api.url).get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });

  it('allows CORS only for CORS_ORIGINS', async () => {
    const allowed = await request(api.url)
      .options('/api/tickets')
      .set('Origin', 'https://support.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://support.example.com');
    const denied = await request(api.url).get('/api/health').set('Origin', 'https://evil.example.com');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes a request id and never logs passwords or tokens', async () => {
    const res = await request(api.url)
      .post('/api/auth/login')
      .send({ email: 'agent@example.com', password: 'secret-in-log?' });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(api.output()).not.toContain('secret-in-log?');
    expect(api.output()).not.toContain(agent.accessToken);
  });
});

describe('Configuration', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ BCRYPT_ROUNDS: '3' }, 'BCRYPT_ROUNDS'],
    [{ JWT_ACCESS_TTL: 'soon' }, 'JWT_ACCESS_TTL'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ TRUST_PROXY: 'the-proxy' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ DEFAULT_PHONE_REGION: 'UK' }, 'DEFAULT_PHONE_REGION'],
  ])('refuses to start with %p and names the variable', async (env, name) => {
    await expect(startApi(env)).rejects.toThrow(new RegExp(`API exited with 1:[\\s\\S]*${name}`));
  });
});

describe('Serving the web app', () => {
  let api: ApiServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'helpdesk-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Helpdesk</title>');
    writeFileSync(join(webDir, 'main-ABCDEFGH.js'), 'console.log(1)');
    api = await startApi({ WEB_DIR: webDir, SEED: 'false' });
  });
  afterAll(async () => {
    await api.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('falls back to index.html for deep links, and serves files that exist', async () => {
    const deepLink = await request(api.url).get('/tickets/TICK-20261126-0001');
    expect(deepLink.status).toBe(200);
    expect(deepLink.text).toContain('<title>Helpdesk</title>');
    expect((await request(api.url).get('/main-ABCDEFGH.js')).status).toBe(200);
  });

  it.each(['/chunk-missing.js', '/styles-OLD.css', '/logo.png', '/main.js.map'])(
    'answers a missing file %s with 404, not the HTML of the app',
    async (path) => {
      const res = await request(api.url).get(path);
      expectError(res, 404, 'NOT_FOUND');
    },
  );
});
