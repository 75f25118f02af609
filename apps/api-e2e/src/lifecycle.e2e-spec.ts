import { statSync } from 'node:fs';
import { join } from 'node:path';

import request from 'supertest';

import { ApiServer, DEMO, login, startApi } from './support/api-server';
import { sql } from './support/database';

describe('Start-up, seed and restart', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.stop());

  it('keeps the generated JWT secret in the data directory, readable by the owner only', () => {
    expect(statSync(join(api.dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('runs SQLite in WAL mode with the schema from migrations', async () => {
    expect(await sql(api.dataDir, 'pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    const migrations = await sql<{ name: string }>(api.dataDir, 'select name from mikro_orm_migrations');
    expect(migrations.map((m) => m.name)).toContain('Migration20261122000000_initial');
  });

  it('seeds once: a restart neither duplicates the demo data nor loses data or sessions', async () => {
    const counts = async () =>
      (
        await sql<{ users: number; tickets: number; replies: number }>(
          api.dataDir,
          'select (select count(*) from users) users, (select count(*) from tickets) tickets, (select count(*) from replies) replies',
        )
      )[0];
    const seeded = await counts();
    expect(seeded.users).toBe(5);
    expect(seeded.tickets).toBeGreaterThanOrEqual(6);

    const customer = await login(api.url, DEMO.customer);
    const created = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', customer.auth)
      .send({ subject: 'Survives', description: 'restart' });

    await api.restart();

    expect(await counts()).toEqual({ ...seeded, tickets: seeded.tickets + 1 });
    const again = await request(api.url)
      .get(`/api/tickets/${created.body.id}`)
      .set('Authorization', customer.auth);
    expect(again.status).toBe(200);
    const refreshed = await request(api.url)
      .post('/api/auth/refresh')
      .send({ refreshToken: customer.refreshToken });
    expect(refreshed.status).toBe(200);
  });
});

describe('OpenAPI document', () => {
  let api: ApiServer;
  let doc: {
    paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
    components: { securitySchemes: object; schemas: Record<string, { properties?: object }> };
  };
  beforeAll(async () => {
    api = await startApi();
    doc = (await request(api.url).get('/docs-json')).body;
  });
  afterAll(() => api.stop());

  it('serves the Swagger UI at /docs', async () => {
    const res = await request(api.url).get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });

  it('documents every endpoint with bearer auth where needed and its error responses', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/auth/register',
        'POST /api/auth/login',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
        'GET /api/auth/me',
        'GET /api/tickets',
        'POST /api/tickets',
        'GET /api/tickets/{id}',
        'PATCH /api/tickets/{id}',
        'DELETE /api/tickets/{id}',
        'PATCH /api/tickets/{id}/status',
        'POST /api/tickets/{id}/assign',
        'GET /api/tickets/{id}/replies',
        'POST /api/tickets/{id}/replies',
        'GET /api/users',
        'GET /api/health',
      ]),
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    for (const { path, op } of operations) {
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
      if (!['/api/health', '/api/health/live', '/api/health/ready'].includes(path))
        expect(statuses.some((s) => s.startsWith('4'))).toBe(true);
    }
    expect(doc.paths['/api/tickets']['get'].security).toEqual([{ bearer: [] }]);
  });

  it('describes the request and response shapes from the shared DTOs', () => {
    expect(Object.keys(doc.components.schemas.CreateTicketDto.properties ?? {})).toEqual(
      expect.arrayContaining(['subject', 'description', 'priority', 'category']),
    );
    expect(Object.keys(doc.components.schemas.TicketResponse.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'status', 'customer', 'assignee', 'createdAt']),
    );
    expect(Object.keys(doc.components.schemas.ErrorResponse.properties ?? {})).toEqual(
      expect.arrayContaining(['statusCode', 'error', 'message', 'code', 'errors']),
    );
  });
});
