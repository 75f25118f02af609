import { evaluatePassword } from './password-policy';

describe('evaluatePassword()', () => {
  it.each(['abc', 'password', 'qwerty123', 'password1', 'letmein!', 'customer123', 'aaaaaaaaaaaa'])(
    'refuses the guessable password %p with a reason',
    (password) => {
      const verdict = evaluatePassword(password);
      expect(verdict.acceptable).toBe(false);
      expect(verdict.reason).toMatch(/at least 8 characters|too easy to guess/);
    },
  );

  it('says a short password is too short', () => {
    expect(evaluatePassword('Xy7!').reason).toBe('Password must be at least 8 characters long');
  });

  it.each(['correct horse battery staple', 'Tr0ub4dor&3-velvet-lagoon', 'mauve-oyster-radiator-19'])(
    'accepts the strong password %p',
    (password) => {
      expect(evaluatePassword(password)).toMatchObject({ acceptable: true, reason: null });
    },
  );

  it("refuses a password built from the user's own e-mail", () => {
    const email = 'jordan.mcallister@example.com';
    expect(evaluatePassword('jordan.mcallister', [email]).acceptable).toBe(false);
  });

  it('refuses more than 72 characters, which bcrypt would silently cut', () => {
    expect(evaluatePassword('x'.repeat(73)).acceptable).toBe(false);
  });
});
