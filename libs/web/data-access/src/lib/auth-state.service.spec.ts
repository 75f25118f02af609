import { hasStoredSession, SESSION_STORAGE_KEY } from './auth-state.service';

describe('hasStoredSession (read before Angular boots)', () => {
  const user = { id: 1, email: 'x@example.com', name: 'X', role: 'customer', active: true, createdAt: '' };
  afterEach(() => localStorage.clear());

  it('sees a session the app would start with', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ user, accessToken: 'a', refreshToken: 'r' }));
    expect(hasStoredSession()).toBe(true);
  });

  it('sees none when nothing is stored, or what is stored is damaged or incomplete, as the app does', () => {
    expect(hasStoredSession()).toBe(false);
    localStorage.setItem(SESSION_STORAGE_KEY, '{"user":');
    expect(hasStoredSession()).toBe(false);
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ user, accessToken: 'a' }));
    expect(hasStoredSession()).toBe(false);
  });
});
