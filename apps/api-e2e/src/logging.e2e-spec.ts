import request from 'supertest';

import { ApiServer, DEMO, login, startApi } from './support/api-server';

/** The parsed JSON lines the API printed so far. @throws when a non-empty line is not JSON */
function logLines(api: ApiServer): Record<string, unknown>[] {
  return api
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
}

describe('Logging', () => {
  let api: ApiServer;
  beforeAll(async () => {
    // FORCE_COLOR would turn on colours in loggers that decide by it; none may use them.
    api = await startApi({ LOG_LEVEL: 'info', FORCE_COLOR: '1' });
  });
  afterAll(() => api.stop());

  it('writes one JSON object a line for Nest, Fastify and MikroORM, with the request id and no colours', async () => {
    const agent = await login(api.url, DEMO.agent);
    const missing = await request(api.url).get('/api/tickets/999999').set('Authorization', agent.auth);
    expect(missing.status).toBe(404);
    const ok = await request(api.url).get('/api/health').set('x-request-id', 'test-req-1');
    expect(ok.status).toBe(200);
    expect(ok.headers['x-request-id']).toBe('test-req-1');
    // Fastify writes "request completed" after the answer has left.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(api.output()).not.toContain('\u001b[');
    const lines = logLines(api);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(Number) }));
    expect(lines.filter((line) => line['reqId'] === 'test-req-1').length).toBeGreaterThan(0);
    const contexts = new Set(lines.map((line) => line['context']));
    expect(contexts).toContain('NestApplication');
    expect(contexts).toContain('MikroORM');
    expect(api.output()).not.toContain(agent.accessToken);
  });
});
