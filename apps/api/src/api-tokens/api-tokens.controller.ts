import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { ApiTokenListResponse, CreatedApiTokenResponse, ErrorResponse } from '@hd/shared/domain';
import { CreateApiTokenDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { ApiTokensService } from './api-tokens.service';

/**
 * `/api/users/me/api-tokens`: the caller's personal API tokens, for integrations that should not
 * hold a person's password. Needs a login session: an API token cannot manage tokens.
 */
@ApiTags('api-tokens')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@ApiForbiddenResponse({
  type: ErrorResponse,
  description: 'Called with an API token (`INSUFFICIENT_SCOPE`): tokens are managed from a login session',
})
@Controller('users/me/api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  /**
   * Creates a token with `scopes` (only those the caller's role allows) and an optional expiry; the
   * answer holds the token's value, which is never shown again (only its SHA-256 is stored).
   */
  @Post()
  @ApiOperation({ summary: 'Create an API token (its value is shown once)', operationId: 'createApiToken' })
  @ApiCreatedResponse({ type: CreatedApiTokenResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      '`VALIDATION_FAILED`: missing name, unknown scope or one the role may not hold, expiry not in the future, or 50 tokens already',
  })
  create(@Body() dto: CreateApiTokenDto, @CurrentUser() user: AuthUser): Promise<CreatedApiTokenResponse> {
    return this.tokens.create(dto, user);
  }

  /** The caller's tokens, newest first, with when each was last used (never the values). */
  @Get()
  @ApiOperation({ summary: 'List my API tokens', operationId: 'listApiTokens' })
  @ApiOkResponse({ type: ApiTokenListResponse })
  list(@CurrentUser() user: AuthUser): Promise<ApiTokenListResponse> {
    return this.tokens.list(user);
  }

  /** Revokes one of the caller's tokens: it stops working at once, on every replica. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of my API tokens', operationId: 'revokeApiToken' })
  @ApiParam({ name: 'id', type: Number, example: 4 })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No token of the caller with this id' })
  revoke(
    @Param('id', new ParseIdPipe('API token')) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.tokens.revoke(id, user);
  }
}
