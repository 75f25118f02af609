import request from 'supertest';

import { ApiServer, startApi } from './support/api-server';

describe('GET /api/health', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.stop());

  it('answers 200 with the database up, without a token', async () => {
    const res = await request(api.url).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', dialect: 'sqlite' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
