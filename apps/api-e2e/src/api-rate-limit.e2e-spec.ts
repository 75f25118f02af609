import request from 'supertest';

import { ApiServer, DEMO, expectError, login, startApi } from './support/api-server';

/**
 * The general request limit per user (`API_RATE_LIMIT` per `API_RATE_WINDOW`), with the IETF draft
 * `RateLimit-Policy` / `RateLimit` headers on every counted response.
 */
describe('Per-user API rate limit', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApi({ API_RATE_LIMIT: '5', API_RATE_WINDOW: '3s', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => api.stop());

  /** `RateLimit: "default";r=<remaining>;t=<reset>` parsed. */
  const remaining = (res: request.Response): { r: number; t: number } => {
    const match = /^"default";r=(\d+);t=(\d+)$/.exec(String(res.headers['ratelimit']));
    if (!match) throw new Error(`bad RateLimit header: ${res.headers['ratelimit']}`);
    return { r: Number(match[1]), t: Number(match[2]) };
  };

  it('counts each user apart, says what is left on every response, and answers 429 with Retry-After past the quota', async () => {
    // Logged in from their own addresses: the logins count against those, not against the users.
    const agent = await request(api.url)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.1.0.1')
      .send(DEMO.agent);
    const customer = await request(api.url)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.1.0.2')
      .send(DEMO.customer);
    const agentAuth = `Bearer ${agent.body.accessToken}`;
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(api.url).get('/api/tickets').set('Authorization', agentAuth);
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit-policy']).toBe('"default";q=5;w=3');
      const { r, t } = remaining(res);
      seen.push(r);
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThanOrEqual(3);
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    const refused = await request(api.url).get('/api/auth/me').set('Authorization', agentAuth);
    expect(expectError(refused, 429, 'RATE_LIMITED').message).toMatch(/5 requests per 3 s/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3);
    expect(remaining(refused).r).toBe(0);

    // Another user is not affected, and neither are health probes.
    const other = await request(api.url)
      .get('/api/tickets')
      .set('Authorization', `Bearer ${customer.body.accessToken}`);
    expect(other.status).toBe(200);
    expect(remaining(other).r).toBe(4);
    for (let i = 0; i < 10; i++) {
      const health = await request(api.url).get('/api/health/ready');
      expect(health.status).toBe(200);
      expect(health.headers['ratelimit']).toBeUndefined();
    }

    // The window passes: the agent may work again.
    await new Promise((r) => setTimeout(r, 3100));
    const again = await request(api.url).get('/api/tickets').set('Authorization', agentAuth);
    expect(again.status).toBe(200);
    expect(remaining(again).r).toBe(4);
  });

  it('counts anonymous requests per address', async () => {
    const from = (ip: string) =>
      request(api.url).post('/api/auth/refresh').set('X-Forwarded-For', ip).send({ refreshToken: 'nope' });
    for (let i = 0; i < 5; i++) expect((await from('10.2.0.1')).status).toBe(401);
    expectError(await from('10.2.0.1'), 429, 'RATE_LIMITED');
    expect((await from('10.2.0.2')).status).toBe(401);
  });
});

describe('API rate limit off (API_RATE_LIMIT=0)', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi({ API_RATE_LIMIT: '0', SEED: 'true' });
  });
  afterAll(() => api.stop());

  it('sends no RateLimit headers and never refuses', async () => {
    const agent = await login(api.url, DEMO.agent);
    for (let i = 0; i < 30; i++) {
      const res = await request(api.url).get('/api/auth/me').set('Authorization', agent.auth);
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit']).toBeUndefined();
    }
  });
});
