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
import { sql } from './support/database';
import { ReceivedMail, nextMailFile, readMailbox } from './support/mail';

const APP_URL = 'https://help.example.test';
const STRONG = 'violet-harbor-lantern-42';
const NEW_PASSWORD = 'another-quiet-meadow-73';

/** The token of the reset link in `mail`, after checking the link's form. */
function tokenOf(mail: ReceivedMail): string {
  const match = /(\S+\/auth\/reset\?token=([A-Za-z0-9_-]{43}))(\s|$)/.exec(mail.text);
  expect(match?.[1]).toBe(`${APP_URL}/auth/reset?token=${match?.[2]}`);
  return match?.[2] as string;
}

describe('Password reset', () => {
  let api: ApiServer;
  let admin: Session;

  const ask = (email: string) => request(api.url).post('/api/auth/password-reset').send({ email });
  const confirm = (token: string, newPassword: string) =>
    request(api.url).post('/api/auth/password-reset/confirm').send({ token, newPassword });
  /** Asks for a reset of `email` and returns the token of the e-mail it sends (the newest one). */
  const resetToken = async (email: string): Promise<string> => {
    const before = new Set(readMailbox(api.dataDir).map((m) => m.raw));
    expect((await ask(email)).status).toBe(202);
    return tokenOf(await nextMailFile(api.dataDir, (m) => m.to.includes(email) && !before.has(m.raw)));
  };

  beforeAll(async () => {
    api = await startApi({ APP_URL, OUTBOX_POLL_INTERVAL: '100ms' });
    admin = await login(api.url, DEMO.admin);
  });
  afterAll(() => api.stop());

  it('answers 202 with the same body for a known, an unknown and a deactivated address, and mails only the known one', async () => {
    const leaver = await registerCustomer(api.url, 'leaver@example.com', 'Lee Ver');
    await request(api.url)
      .patch(`/api/users/${leaver.id}`)
      .set('Authorization', admin.auth)
      .send({ active: false });

    const unknown = await ask('nobody@example.com');
    const deactivated = await ask('leaver@example.com');
    const known = await ask(' Customer@Example.com ');
    for (const res of [unknown, deactivated, known]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(known.body);
    }
    expect(known.body).toEqual({
      message: expect.stringMatching(/If an active account uses this e-mail address/),
    });

    const mail = await nextMailFile(api.dataDir, (m) => m.to.includes(DEMO.customer.email));
    expect(mail.subject).toBe('Reset your helpdesk password');
    expect(mail.text).toContain('Hello Casey Customer');
    expect(mail.html).toContain(`href="${APP_URL}/auth/reset?token=${tokenOf(mail)}"`);
    const recipients = await sql<{ to: string }>(api.dataDir, 'select "to" from outbox_messages');
    expect(recipients.map((r) => r.to)).not.toEqual(expect.arrayContaining(['nobody@example.com']));
    expect(recipients.map((r) => r.to)).not.toContain('leaver@example.com');
    expect(recipients.map((r) => r.to)).toContain(DEMO.customer.email);
  });

  it('stores only a hash of the token, which expires after 1 hour', async () => {
    const token = await resetToken(DEMO.customer2.email);
    const rows = await sql<{ token_hash: string; expires_at: number; created_at: number; purpose: string }>(
      api.dataDir,
      'select token_hash, expires_at, created_at, purpose from password_tokens order by id desc limit 1',
    );
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].purpose).toBe('reset');
    expect(Number(rows[0].expires_at) - Number(rows[0].created_at)).toBe(3_600_000);
  });

  it('sets the new password once: every session ends, the old password and the token stop working', async () => {
    const owner = await registerCustomer(api.url, 'forgetful@example.com', 'For Getful');
    const token = await resetToken('forgetful@example.com');

    const weak = expectError(await confirm(token, 'password1'), 400, 'VALIDATION_FAILED');
    expect((weak.errors as Record<string, string[]>).newPassword[0]).toMatch(/too easy to guess|at least 8/);
    // Strong on its own (the request passes validation), but it is the account's own e-mail.
    const personal = expectError(await confirm(token, 'forgetful@example.com'), 400, 'VALIDATION_FAILED');
    expect(personal.message).toMatch(/too easy to guess/);

    const res = await confirm(token, NEW_PASSWORD);
    expect(res.status).toBe(204);
    expectError(
      await request(api.url).post('/api/auth/refresh').send({ refreshToken: owner.refreshToken }),
      401,
      'INVALID_REFRESH_TOKEN',
    );
    expectError(
      await request(api.url)
        .post('/api/auth/login')
        .send({ email: 'forgetful@example.com', password: STRONG }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect((await login(api.url, { email: 'forgetful@example.com', password: NEW_PASSWORD })).id).toBe(
      owner.id,
    );
    expectError(await confirm(token, 'yet-another-green-lamp-19'), 400, 'INVALID_TOKEN');
  });

  it('voids older links once a password was set with a newer one', async () => {
    await registerCustomer(api.url, 'twice@example.com', 'Two Links');
    const older = await resetToken('twice@example.com');
    const newer = await resetToken('twice@example.com');
    expect(older).not.toBe(newer);
    expect((await confirm(newer, NEW_PASSWORD)).status).toBe(204);
    expectError(await confirm(older, 'yet-another-green-lamp-19'), 400, 'INVALID_TOKEN');
  });

  it('refuses an expired token, an unknown one, and the token of a user deactivated since', async () => {
    const expiring = await registerCustomer(api.url, 'late@example.com', 'Lay Te');
    const token = await resetToken('late@example.com');
    await sql(api.dataDir, 'update password_tokens set expires_at = ? where user_id = ?', [
      Date.now() - 1000,
      expiring.id,
    ]);
    expectError(await confirm(token, NEW_PASSWORD), 400, 'INVALID_TOKEN');

    expectError(await confirm('A'.repeat(43), NEW_PASSWORD), 400, 'INVALID_TOKEN');

    const leaving = await registerCustomer(api.url, 'leaving@example.com', 'Lee Ving');
    const pending = await resetToken('leaving@example.com');
    await request(api.url)
      .patch(`/api/users/${leaving.id}`)
      .set('Authorization', admin.auth)
      .send({ active: false });
    expectError(await confirm(pending, NEW_PASSWORD), 400, 'INVALID_TOKEN');
  });

  it('refuses malformed bodies with 400', async () => {
    for (const body of [{}, { email: 'not-an-email' }, { email: ['a@b.c'] }, { email: 'a@b.c', extra: 1 }]) {
      expectError(
        await request(api.url).post('/api/auth/password-reset').send(body),
        400,
        'VALIDATION_FAILED',
      );
    }
    for (const body of [
      {},
      { token: 'x' },
      { token: 1, newPassword: NEW_PASSWORD },
      { token: 'x', newPassword: NEW_PASSWORD, email: 'a@b.c' },
    ]) {
      expectError(
        await request(api.url).post('/api/auth/password-reset/confirm').send(body),
        400,
        'VALIDATION_FAILED',
      );
    }
  });
});

describe('Password reset rate limit', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApi({ AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW: '60s' });
  });
  afterAll(() => api.stop());

  it('answers 429 with Retry-After once reset requests and confirmations for one e-mail pass the limit', async () => {
    const email = DEMO.customer.email;
    await request(api.url).post('/api/auth/password-reset').send({ email });
    await request(api.url).post('/api/auth/password-reset').send({ email });
    await request(api.url).post('/api/auth/password-reset').send({ email });
    const limited = await request(api.url).post('/api/auth/password-reset').send({ email });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const confirm = await request(api.url)
      .post('/api/auth/password-reset/confirm')
      .send({ token: 'A'.repeat(43), newPassword: NEW_PASSWORD });
    expectError(confirm, 429, 'RATE_LIMITED');
  });
});
