import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Document, Spectral } from '@stoplight/spectral-core';
import { Json as JsonParser } from '@stoplight/spectral-parsers';
import createClient from 'openapi-fetch';

import type { components, paths } from './generated/helpdesk-api';
import { ApiServer, DEMO, startApi } from './support/api-server';
import { HELPDESK_RULESET } from './support/openapi-ruleset';

/** The committed client types; `UPDATE_OPENAPI_TYPES=1` rewrites them from the running API. */
const TYPES_FILE = join(__dirname, 'generated', 'helpdesk-api.d.ts');

/** The types `openapi-typescript` makes of `document` (through tools/openapi/types.mjs). */
function typesOf(document: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    return execFileSync(process.execPath, [resolve(__dirname, '../../../tools/openapi/types.mjs'), file], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The OpenAPI contract (`/docs-json`): lints clean with Spectral (`spectral:oas`, every rule, plus
 * the house rules), the committed TypeScript types generated from it by `openapi-typescript` are up
 * to date, and a client typed by them (`openapi-fetch`) walks a ticket's life cycle. Being typed,
 * a wrong status such as `'resovled'` does not compile (`npm run typecheck` checks this file).
 */
describe('The OpenAPI contract', () => {
  let api: ApiServer;
  let document: Record<string, unknown>;

  beforeAll(async () => {
    api = await startApi();
    document = (await (await fetch(`${api.url}/docs-json`)).json()) as Record<string, unknown>;
  });
  afterAll(() => api.stop());

  it('lints with zero findings under spectral:oas (all rules) and the house rules', async () => {
    const spectral = new Spectral();
    spectral.setRuleset(HELPDESK_RULESET);
    const results = await spectral.run(
      new Document(JSON.stringify(document, null, 2), JsonParser, 'docs-json'),
    );
    expect(results.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`)).toEqual([]);
    expect(Object.keys(document['paths'] as object).length).toBeGreaterThan(30);
  });

  it('has readable operation ids and named enums', () => {
    const ids = Object.values(
      document['paths'] as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
    expect(ids).toEqual(
      expect.arrayContaining(['listTickets', 'getTicket', 'createTicket', 'changeTicketStatus', 'login']),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const schemas = (document['components'] as { schemas: Record<string, { enum?: string[] }> }).schemas;
    expect(schemas['TicketStatus'].enum).toContain('resolved');
    expect(schemas['ErrorCode'].enum).toContain('VALIDATION_FAILED');
  });

  it('matches the committed client types (UPDATE_OPENAPI_TYPES=1 regenerates them)', () => {
    const generated = typesOf(document);
    if (process.env['UPDATE_OPENAPI_TYPES'] === '1') writeFileSync(TYPES_FILE, generated);
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(generated);
  });

  it('walks a ticket through its life cycle with the typed client', async () => {
    const client = createClient<paths>({ baseUrl: api.url });
    const session = async (credentials: { email: string; password: string }) => {
      const { data, error } = await client.POST('/api/auth/login', { body: credentials });
      if (!data) throw new Error(`login failed: ${JSON.stringify(error)}`);
      return { headers: { Authorization: `Bearer ${data.accessToken}` } };
    };
    const customer = await session(DEMO.customer);
    const agent = await session(DEMO.agent);

    const created = await client.POST('/api/tickets', {
      ...customer,
      body: { subject: 'Typed client', description: 'From the contract test', priority: 'high' },
    });
    expect(created.response.status).toBe(201);
    const ticket = created.data as components['schemas']['TicketDetailResponse'];
    expect(ticket.status).toBe('open');

    const assigned = await client.POST('/api/tickets/{id}/assign', {
      ...agent,
      params: { path: { id: ticket.id } },
      body: {},
    });
    expect(assigned.data?.status).toBe('in_progress');

    const reply = await client.POST('/api/tickets/{id}/replies', {
      ...agent,
      params: { path: { id: ticket.id } },
      body: { content: 'Fixed it' },
    });
    expect(reply.response.status).toBe(201);

    const status: components['schemas']['TicketStatus'] = 'resolved';
    const resolved = await client.PATCH('/api/tickets/{id}/status', {
      ...agent,
      params: { path: { id: ticket.id } },
      body: { status },
    });
    expect(resolved.data?.status).toBe('resolved');

    const read = await client.GET('/api/tickets/{id}', { ...customer, params: { path: { id: ticket.id } } });
    expect(read.data).toMatchObject({ id: ticket.id, status: 'resolved' });

    const missing = await client.GET('/api/tickets/{id}', { ...customer, params: { path: { id: 999_999 } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });

    // A typo in a status is a compile error, not a 400 at run time.
    // @ts-expect-error 'resovled' is not a TicketStatus
    const typo: components['schemas']['TicketStatus'] = 'resovled';
    expect(typo).toBe('resovled');
  });
});
