import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { AuthResponse, ErrorResponse, UserResponse } from '@hd/shared/domain';
import { LoginDto, RefreshTokenDto, RegisterDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { AuthThrottlerGuard } from './auth-throttler.guard';
import { AuthService } from './auth.service';

/** `/api/auth`: accounts and sessions. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Registers a customer and logs them in. Rate-limited per IP and per e-mail. */
  @Public()
  @Post('register')
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Register a customer account' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'Invalid e-mail, weak password (the message says why) or missing name',
  })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The e-mail is taken (`EMAIL_TAKEN`)' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many attempts; see `Retry-After` (seconds)',
  })
  register(@Body() dto: RegisterDto): Promise<AuthResponse> {
    return this.auth.register(dto);
  }

  /** Logs in. Rate-limited per IP and per e-mail. */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Log in with e-mail and password' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Missing fields' })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description: 'Wrong e-mail or password, or deactivated account (`INVALID_CREDENTIALS`)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many attempts; see `Retry-After` (seconds)',
  })
  login(@Body() dto: LoginDto): Promise<AuthResponse> {
    return this.auth.login(dto);
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

  /** The caller's own account. */
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current user' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing or invalid access token' })
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.auth.me(user.id);
  }
}
