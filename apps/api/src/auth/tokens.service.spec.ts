import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { UnauthorizedException } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { Test, TestingModule } from '@nestjs/testing';

import { Role } from '@hd/shared/domain';

import { Clock, FakeClock } from '../common/clock';
import { APP_CONFIG } from '../config/app-config';
import { migrate, testConfig, testDatabaseModule } from '../testing/test-database';
import { User } from '../users/user.entity';
import { RefreshToken } from './refresh-token.entity';
import { EndedSessions } from './ended-sessions';
import { TokensService } from './tokens.service';

describe('TokensService', () => {
  let module: TestingModule;
  let tokens: TokensService;
  let em: EntityManager;
  let user: User;
  const config = testConfig();
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock(new Date());
    module = await Test.createTestingModule({
      imports: [
        testDatabaseModule(config),
        MikroOrmModule.forFeature([RefreshToken, User]),
        JwtModule.register({ secret: config.jwtSecret }),
        EventEmitterModule.forRoot(),
      ],
      providers: [
        TokensService,
        EndedSessions,
        { provide: Clock, useValue: clock },
        { provide: APP_CONFIG, useValue: config },
      ],
    }).compile();
    await migrate(module.get(MikroORM));
    tokens = module.get(TokensService);
    em = module.get(EntityManager);
    user = em.create(User, {
      email: 'u@example.com',
      name: 'U',
      role: Role.Agent,
      passwordHash: 'x',
      active: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await em.persistAndFlush(user);
  });
  afterEach(() => module.close());

  const codeOf = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
      return 'resolved';
    } catch (error) {
      expect(error).toBeInstanceOf(UnauthorizedException);
      return ((error as UnauthorizedException).getResponse() as { code: string }).code;
    }
  };

  describe('issue()', () => {
    it('signs an access token with sub and role that expires after the configured TTL', async () => {
      const pair = await tokens.issue(user);
      const payload = await module.get(JwtService).verifyAsync(pair.accessToken);
      expect(payload).toMatchObject({ sub: String(user.id), role: 'agent' });
      expect(payload.exp - payload.iat).toBe(config.jwtAccessTtlSeconds);
    });

    it("dates the access token by the injectable clock, not the machine's", async () => {
      clock.set(new Date('2031-03-03T09:00:00.000Z'));
      const pair = await tokens.issue(user);
      const payload = module.get(JwtService).decode(pair.accessToken);
      expect(payload.iat).toBe(Date.parse('2031-03-03T09:00:00.000Z') / 1000);
      expect(payload.exp).toBe(payload.iat + config.jwtAccessTtlSeconds);
    });

    it('stores only a SHA-256 hash of the refresh token', async () => {
      const pair = await tokens.issue(user);
      const rows = await em.fork().find(RefreshToken, {});
      expect(rows).toHaveLength(1);
      expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].tokenHash).not.toContain(pair.refreshToken);
    });
  });

  describe('rotate()', () => {
    it('issues a new pair in the same family and uses up the old token', async () => {
      const first = await tokens.issue(user);
      const { tokens: second } = await tokens.rotate(first.refreshToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      const rows = await em.fork().find(RefreshToken, {}, { orderBy: { id: 'asc' } });
      expect(rows.map((r) => r.family)).toEqual([rows[0].family, rows[0].family]);
      expect(rows[0].usedAt).not.toBeNull();
      expect(rows[1].usedAt).toBeNull();
    });

    it('detects reuse of a used token after the grace period and revokes the whole family', async () => {
      const first = await tokens.issue(user);
      const { tokens: second } = await tokens.rotate(first.refreshToken);
      clock.advance(config.refreshReuseGraceMs + 1);
      expect(await codeOf(tokens.rotate(first.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
      expect(await codeOf(tokens.rotate(second.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
      const rows = await em.fork().find(RefreshToken, {});
      expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
    });

    it('leaves other families (other logins) alone when one is revoked', async () => {
      const phone = await tokens.issue(user);
      const laptop = await tokens.issue(user);
      await tokens.rotate(phone.refreshToken);
      clock.advance(config.refreshReuseGraceMs + 1);
      expect(await codeOf(tokens.rotate(phone.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
      expect(await codeOf(tokens.rotate(laptop.refreshToken))).toBe('resolved');
    });

    it('refuses an expired token', async () => {
      const pair = await tokens.issue(user);
      await em.fork().nativeUpdate(RefreshToken, {}, { expiresAt: new Date(Date.now() - 1000) });
      expect(await codeOf(tokens.rotate(pair.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    });

    it('gives two refreshes with one token at the same moment (two tabs) the same new pair', async () => {
      const first = await tokens.issue(user);
      const [a, b] = await Promise.all([
        tokens.rotate(first.refreshToken),
        tokens.rotate(first.refreshToken),
      ]);
      expect(b.tokens).toEqual(a.tokens);
      clock.advance(config.refreshReuseGraceMs - 1);
      expect((await tokens.rotate(first.refreshToken)).tokens).toEqual(a.tokens);
      expect(await codeOf(tokens.rotate(a.tokens.refreshToken))).toBe('resolved');
      expect(await em.fork().count(RefreshToken, { revokedAt: { $ne: null } })).toBe(0);
    });

    it('refuses an unknown token', async () => {
      expect(await codeOf(tokens.rotate('not-a-token'))).toBe('INVALID_REFRESH_TOKEN');
    });
  });

  describe('revokeAll()', () => {
    it('ends every session of the user but the one named, whose access token carries it as sid', async () => {
      const phone = await tokens.issue(user);
      const laptop = await tokens.issue(user);
      const { sid } = await module.get(JwtService).verifyAsync(laptop.accessToken);
      const [row] = await em.fork().find(RefreshToken, {}, { orderBy: { id: 'desc' } });
      expect(sid).toBe(row.family);
      expect(await tokens.revokeAll(user.id, sid)).toBe(1);
      expect(await codeOf(tokens.rotate(phone.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
      expect(await codeOf(tokens.rotate(laptop.refreshToken))).toBe('resolved');
      await tokens.revokeAll(user.id);
      expect(await em.fork().count(RefreshToken, { revokedAt: null })).toBe(0);
    });
  });

  describe('ended sessions', () => {
    it("marks a revoked login's session ended, so its access tokens are refused, and leaves the others", async () => {
      const jwt = module.get(JwtService);
      const phone = await tokens.issue(user);
      const laptop = await tokens.issue(user);
      const phoneSid = (await jwt.verifyAsync(phone.accessToken)).sid;
      const laptopSid = (await jwt.verifyAsync(laptop.accessToken)).sid;
      const ended = module.get(EndedSessions);
      await tokens.revoke(phone.refreshToken, user.id);
      expect([await ended.isEnded(phoneSid), await ended.isEnded(laptopSid)]).toEqual([true, false]);
      await tokens.revokeAll(user.id);
      expect(await ended.isEnded(laptopSid)).toBe(true);
      // Past the access-token lifetime every token of the session has expired: the entry goes.
      clock.advance(config.jwtAccessTtlSeconds * 1000 + 1);
      expect(await ended.isEnded(phoneSid)).toBe(false);
    });
  });

  describe('revoke()', () => {
    it("ends the token's family when it is the user's, and ignores someone else's token", async () => {
      const pair = await tokens.issue(user);
      await tokens.revoke(pair.refreshToken, user.id + 1);
      expect(await codeOf(tokens.rotate(pair.refreshToken))).toBe('resolved');
      const next = await tokens.issue(user);
      await tokens.revoke(next.refreshToken, user.id);
      expect(await codeOf(tokens.rotate(next.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    });
  });
});
