import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BadRequestException } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';

import { INVITATION_TTL_MS, PASSWORD_RESET_TTL_MS, Role } from '@hd/shared/domain';

import { Clock, FakeClock } from '../common/clock';
import { createTestUser, migrate, testConfig, testDatabaseModule } from '../testing/test-database';
import { User } from '../users/user.entity';
import { PasswordToken, PasswordTokenPurpose } from './password-token.entity';
import { PasswordTokensService } from './password-tokens.service';

describe('PasswordTokensService', () => {
  let module: TestingModule;
  let tokens: PasswordTokensService;
  let em: EntityManager;
  let clock: FakeClock;
  let user: User;

  beforeEach(async () => {
    clock = new FakeClock();
    module = await Test.createTestingModule({
      imports: [testDatabaseModule(testConfig()), MikroOrmModule.forFeature([PasswordToken, User])],
      providers: [PasswordTokensService, { provide: Clock, useValue: clock }],
    }).compile();
    await migrate(module.get(MikroORM));
    tokens = module.get(PasswordTokensService);
    em = module.get(EntityManager);
    user = await createTestUser(
      em,
      { email: 'u@example.com', firstName: 'Una', lastName: 'User', role: Role.Customer },
      clock.now(),
    );
  });
  afterEach(() => module.close());

  /** Issues a token and commits it, as the callers do with the e-mail that carries it. */
  const issue = async (purpose: PasswordTokenPurpose): Promise<string> => {
    const token = tokens.issue(user, purpose);
    await em.flush();
    em.clear();
    return token;
  };

  /** Whether `token` can be used now: 'usable', or the error code. */
  const verdict = async (token: string): Promise<string> => {
    try {
      await tokens.findUsable(token);
      return 'usable';
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      return ((error as BadRequestException).getResponse() as { code: string }).code;
    } finally {
      em.clear();
    }
  };

  it('issues 32 random bytes (base64url) and stores only their SHA-256, and nothing before the flush', async () => {
    const token = tokens.issue(user, 'reset');
    expect(await em.fork().count(PasswordToken)).toBe(0);
    await em.flush();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const [row] = await em.fork().find(PasswordToken, {});
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
    expect(row.purpose).toBe('reset');
  });

  it('lets a reset token work for 1 hour, and not a millisecond longer', async () => {
    const token = await issue('reset');
    clock.advance(PASSWORD_RESET_TTL_MS - 1);
    expect(await verdict(token)).toBe('usable');
    clock.advance(1);
    expect(await verdict(token)).toBe('INVALID_TOKEN');
  });

  it('lets an invitation work for 72 hours, and not a millisecond longer', async () => {
    const token = await issue('invite');
    clock.advance(71 * 3_600_000);
    expect(await verdict(token)).toBe('usable');
    clock.advance(INVITATION_TTL_MS - 71 * 3_600_000 - 1);
    expect(await verdict(token)).toBe('usable');
    clock.advance(1);
    expect(await verdict(token)).toBe('INVALID_TOKEN');
  });

  it('is single use, also when two uses race', async () => {
    const token = await issue('reset');
    const first = await tokens.findUsable(token);
    const second = await tokens.findUsable(token);
    await tokens.consume(first);
    await expect(tokens.consume(second)).rejects.toThrow(BadRequestException);
    expect(await verdict(token)).toBe('INVALID_TOKEN');
  });

  it("voids the user's other unused tokens when one is used", async () => {
    const older = await issue('invite');
    const newer = await issue('reset');
    await tokens.consume(await tokens.findUsable(newer));
    expect(await verdict(older)).toBe('INVALID_TOKEN');
  });

  it('refuses an unknown token and the token of a deactivated user with the same code', async () => {
    expect(await verdict('not-a-token')).toBe('INVALID_TOKEN');
    const token = await issue('reset');
    await em.fork().nativeUpdate(User, { id: user.id }, { active: false });
    expect(await verdict(token)).toBe('INVALID_TOKEN');
  });
});
