import { ApiServer, DEMO, login, startApi } from './support/api-server';

/**
 * No request, however malformed, may produce a 500: every route x method x malformed body or query,
 * for staff, a customer and no token. Every 4xx must carry the API's error shape.
 */
describe('Malformed requests never produce a 500', () => {
  let api: ApiServer;
  const tokens: Record<string, string | null> = { admin: null, agent: null, customer: null, anonymous: null };

  beforeAll(async () => {
    api = await startApi();
    tokens['admin'] = (await login(api.url, DEMO.admin)).accessToken;
    tokens['agent'] = (await login(api.url, DEMO.agent)).accessToken;
    tokens['customer'] = (await login(api.url, DEMO.customer)).accessToken;
  });
  afterAll(() => api.stop());

  const bodies = [
    '{}',
    '[]',
    'null',
    '1',
    '"text"',
    '{"status":{"$ne":1}}',
    '{"status":["open"]}',
    '{"content":null,"internal":null}',
    '{"agentId":"1"}',
    '{"agentId":1.5}',
    '{"agentId":99999999999999999999}',
    `{"subject":"${'é'.repeat(300)}"}`,
    '{"email":["a"],"password":{"x":1}}',
    '{"refreshToken":123}',
    '{"__proto__":{"role":"admin"}}',
    '{"constructor":{"prototype":{"role":"admin"}}}',
    '{"subject":"\\u0000","description":"\\ud800"}',
    '{"priority":null,"category":null,"customerId":null}',
    '{"customerId":"abc","subject":"s","description":"d"}',
  ];
  const paths = [
    '/api/tickets',
    '/api/tickets/1',
    '/api/tickets/1/status',
    '/api/tickets/1/assign',
    '/api/tickets/1/replies',
    '/api/auth/login',
    '/api/auth/register',
    '/api/auth/refresh',
    '/api/auth/logout',
    '/api/auth/me',
    '/api/users',
    '/api/tickets/%E0%A4%A',
    '/api/tickets?pageSize=1e2&page=99999999999999',
    '/api/tickets?q=%00&status[]=open',
    '/api/tickets?sort=-&assigneeId=0&status=',
    '/api/users?role=',
    '/api/users?active=maybe&q=%00&page=-1',
    '/api/users/1',
    '/api/users/0',
    '/api/users/me',
    '/api/users/me/password',
    '/api/auth/password-reset',
    '/api/auth/password-reset/confirm',
    '/api/audit',
    '/api/audit?pageSize=abc',
  ];

  it('answers every combination with a shaped 2xx or 4xx', async () => {
    const failures: string[] = [];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'PUT']) {
        for (const [who, token] of Object.entries(tokens)) {
          for (const body of method === 'GET' || method === 'DELETE' ? [undefined] : bodies) {
            const headers: Record<string, string> = { 'content-type': 'application/json' };
            if (token) headers['authorization'] = `Bearer ${token}`;
            const res = await fetch(`${api.url}${path}`, { method, headers, body });
            const text = await res.text();
            let json: { statusCode?: number; message?: string; error?: string } | undefined;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            const shaped =
              json?.statusCode === res.status &&
              typeof json.message === 'string' &&
              typeof json.error === 'string';
            if (res.status >= 500 || (res.status >= 400 && !shaped))
              failures.push(`${method} ${path} as ${who} with ${body}: ${res.status} ${text.slice(0, 120)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(api.output()).not.toContain('Unexpected error');
  }, 120_000);
});
