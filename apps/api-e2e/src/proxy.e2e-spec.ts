import request from 'supertest';

import { ApiServer, expectError, startApi } from './support/api-server';

/**
 * Behind a trusted reverse proxy (`TRUST_PROXY`): HTTPS is recognised from `X-Forwarded-Proto`
 * (HSTS and upgrade-insecure-requests only then), and the client's own address from
 * `X-Forwarded-For`, so one proxy does not make every user share one limit of failed logins.
 */
describe('Behind a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApi({ TRUST_PROXY: '127.0.0.1', AUTH_FAILURE_LIMIT: '3', SEED: 'false' });
  });
  afterAll(() => api.stop());

  it('sends HSTS and upgrade-insecure-requests for requests that came over HTTPS, and only for those', async () => {
    const https = await request(api.url).get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(https.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    expect(https.headers['content-security-policy']).toMatch(/;upgrade-insecure-requests$/);
    const http = await request(api.url).get('/api/health').set('X-Forwarded-Proto', 'http');
    expect(http.headers['strict-transport-security']).toBeUndefined();
    expect(http.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('counts the login limit per client address from X-Forwarded-For, not per proxy', async () => {
    const attempt = (ip: string, n: number) =>
      request(api.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: `someone${n}@example.com`, password: 'wrong-guess' });
    for (let n = 0; n < 3; n++) expect((await attempt('203.0.113.7', n)).status).toBe(401);
    expectError(await attempt('203.0.113.7', 3), 429, 'RATE_LIMITED');
    // Another user behind the same proxy is not locked out by the first one.
    expect((await attempt('198.51.100.20', 4)).status).toBe(401);
  });
});

describe('Without TRUST_PROXY', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApi({ AUTH_FAILURE_LIMIT: '3', SEED: 'false' });
  });
  afterAll(() => api.stop());

  it('ignores X-Forwarded-For: a client cannot dodge the limit by claiming another address', async () => {
    for (let n = 0; n < 3; n++) {
      const res = await request(api.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', `203.0.113.${n}`)
        .send({ email: `spoof${n}@example.com`, password: 'wrong-guess' });
      expect(res.status).toBe(401);
    }
    const res = await request(api.url)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '198.51.100.99')
      .send({ email: 'spoof9@example.com', password: 'wrong-guess' });
    expectError(res, 429, 'RATE_LIMITED');
  });
});
