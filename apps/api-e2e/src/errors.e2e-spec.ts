import request from 'supertest';

import { ApiServer, DEMO, Session, expectError, login, startApi } from './support/api-server';

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

  it('answers an unsupported content type with a 4xx JSON error', async () => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', agent.auth)
      .set('Content-Type', 'text/xml')
      .send('<ticket/>');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('sends security headers', async () => {
    const res = await request(api.url).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
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
  ])('refuses to start with %p and names the variable', async (env, name) => {
    await expect(startApi(env)).rejects.toThrow(new RegExp(`API exited with 1:[\\s\\S]*${name}`));
  });
});
