import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RedisModule } from '../redis/redis.module';
import { SharedThrottlerStorage } from '../redis/shared-throttler.storage';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { EndedSessions } from './ended-sessions';
import { LoginProtection } from './login-protection.service';
import { AuthThrottlerGuard } from './auth-throttler.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { PasswordToken } from './password-token.entity';
import { PasswordTokensService } from './password-tokens.service';
import { PasswordService } from './password.service';
import { RefreshToken } from './refresh-token.entity';
import { TokensService } from './tokens.service';

function emailOf(request: Record<string, unknown>): string | undefined {
  const body = request['body'] as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : undefined;
}

/**
 * One counter per tracker for register, password reset and its confirmation together (the default
 * counts each route apart).
 */
const sharedKey = (_context: unknown, tracker: string, throttler: string): string =>
  `auth:${throttler}:${tracker}`;

/**
 * Accounts, sessions (JWT access + rotating refresh tokens), password resets and invitations, the
 * rate limit of registrations and resets, and the login protection (`LoginProtection`).
 */
@Module({
  controllers: [AuthController],
  exports: [AccessTokenVerifier, AuthService, PasswordService, PasswordTokensService, TokensService],
  imports: [
    MikroOrmModule.forFeature([PasswordToken, RefreshToken]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [APP_CONFIG, SharedThrottlerStorage],
      // In Redis with REDIS_URL, so the limit holds across replicas together.
      useFactory: (config: AppConfig, storage: SharedThrottlerStorage) => ({
        storage,
        throttlers: [
          { name: 'ip', ttl: config.authRateWindowMs, limit: config.authRateLimit, generateKey: sharedKey },
          {
            name: 'email',
            ttl: config.authRateWindowMs,
            limit: config.authRateLimit,
            getTracker: (request: Record<string, unknown>) => emailOf(request) ?? String(request['ip']),
            generateKey: sharedKey,
          },
        ],
      }),
    }),
    UsersModule,
  ],
  providers: [
    AccessTokenVerifier,
    AuthService,
    AuthThrottlerGuard,
    EndedSessions,
    JwtStrategy,
    LoginProtection,
    PasswordService,
    PasswordTokensService,
    TokensService,
  ],
})
export class AuthModule {}
