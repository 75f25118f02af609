import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { AuthResponse, ErrorResponse, PasswordResetRequestedResponse, UserResponse } from '@hd/shared/domain';
import {
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetDto,
  RefreshTokenDto,
  RegisterDto,
} from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { AuthThrottlerGuard } from './auth-throttler.guard';
import { AuthService } from './auth.service';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S } from './login-protection.service';

/** `/api/auth`: accounts and sessions. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Registers a customer and logs them in. Rate-limited per IP and per e-mail. Takes `firstName`
   * and `lastName`; older clients may send `name` alone (split on its last space).
   * @throws BadRequestException 400 for invalid fields; ConflictException 409 `EMAIL_TAKEN`
   */
  @Public()
  @Post('register')
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Register a customer account' })
  @ApiCreatedResponse({ type: AuthResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'Invalid e-mail, weak password (the message says why), or missing or invalid names (letters, spaces, hyphens, apostrophes and periods, 1 to 50 characters each)',
  })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The e-mail is taken (`EMAIL_TAKEN`)' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many attempts; see `Retry-After` (seconds)',
  })
  register(@Body() dto: RegisterDto): Promise<AuthResponse> {
    return this.auth.register(dto);
  }

  /**
   * Logs in. Failed attempts are limited per IP address (`AUTH_FAILURE_LIMIT` per
   * `AUTH_FAILURE_WINDOW`) and back off per account after `LOGIN_LOCKOUT_AFTER` in a row, except
   * for a device that logged in to the account before: every success sets the `hd_device` cookie
   * (HttpOnly, SameSite=Strict, path `/api/auth/login`, a year) that proves it.
   */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log in with e-mail and password' })
  @ApiCookieAuth(DEVICE_COOKIE)
  @ApiOkResponse({
    type: AuthResponse,
    headers: {
      'Set-Cookie': {
        description: `\`${DEVICE_COOKIE}=<device id>.<signature>\`: the known-device cookie, sent back on later logins`,
        schema: { type: 'string' },
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Missing fields' })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description: 'Wrong e-mail or password, or deactivated account (`INVALID_CREDENTIALS`)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description:
      '`RATE_LIMITED`: too many failed logins from this address, or for this account from an unknown device; see `Retry-After` (seconds)',
    headers: {
      'Retry-After': { description: 'Seconds until an attempt may succeed', schema: { type: 'integer' } },
    },
  })
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    const { auth, deviceCookie } = await this.auth.login(dto, {
      ip: request.ip,
      deviceCookie: request.cookies?.[DEVICE_COOKIE],
    });
    void reply.setCookie(DEVICE_COOKIE, deviceCookie, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: '/api/auth/login',
      maxAge: DEVICE_COOKIE_MAX_AGE_S,
    });
    return auth;
  }

  /** Rotates a refresh token: the old one stops working; reusing it ends the whole session. */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Trade a refresh token for a new token pair' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Missing refresh token' })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description:
      'Unknown, expired, revoked (`INVALID_REFRESH_TOKEN`) or reused (`REFRESH_TOKEN_REUSED`) token',
  })
  refresh(@Body() dto: RefreshTokenDto): Promise<AuthResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  /** Revokes the session of the given refresh token. */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Log out: revoke the refresh token and its session' })
  @ApiNoContentResponse({ description: 'Logged out (also when the token was already revoked)' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Missing refresh token' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing or invalid access token' })
  logout(@Body() dto: RefreshTokenDto, @CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(dto.refreshToken, user.id);
  }

  /**
   * Logs out everywhere: ends every session (login) of the caller, this one included; their access
   * tokens stop working and their sockets close at once.
   */
  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Log out everywhere: end every session of the caller' })
  @ApiNoContentResponse({ description: 'Every session ended' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing or invalid access token' })
  logoutAll(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logoutAll(user.id);
  }

  /** The caller's own account. */
  @Get('me')
  @TokenScope('any')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current user' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing or invalid access token' })
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.auth.me(user.id);
  }

  /**
   * Starts a password reset: e-mails a link (`APP_URL/auth/reset?token=...`, 1 hour, single use)
   * when an active account has this e-mail. Always the same 202 answer. Rate-limited with login.
   * @throws BadRequestException 400 for a malformed e-mail
   */
  @Public()
  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Ask for a password-reset e-mail' })
  @ApiAcceptedResponse({
    type: PasswordResetRequestedResponse,
    description: 'The same answer for every address, known or not (no account enumeration)',
  })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Missing or malformed e-mail' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many attempts; see `Retry-After` (seconds)',
  })
  requestPasswordReset(@Body() dto: PasswordResetDto): Promise<PasswordResetRequestedResponse> {
    return this.auth.requestPasswordReset(dto.email);
  }

  /**
   * Sets a new password with the token of a password-reset or invitation e-mail, and ends every
   * session of the account; then log in. Rate-limited with login.
   * @throws BadRequestException 400 `INVALID_TOKEN` (unknown, used or expired token) or `VALIDATION_FAILED` (weak password)
   */
  @Public()
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Set a new password with a reset or invitation token' })
  @ApiNoContentResponse({ description: 'Password set; every session of the account has ended' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'Unknown, used or expired token, or deactivated account (`INVALID_TOKEN`); weak password (`VALIDATION_FAILED`, the message says why)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many attempts; see `Retry-After` (seconds)',
  })
  confirmPasswordReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    return this.auth.confirmPasswordReset(dto);
  }
}
