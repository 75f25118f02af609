import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Action, AgentSummary, ErrorResponse, PreferencesResponse } from '@hd/shared/domain';
import { ListUsersQueryDto, UpdatePreferencesDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { UsersService } from './users.service';

/** `/api/users`: user lists for staff, and every user's own preferences. */
@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Lists active users, e.g. `?role=agent` for the assignee picker (agents and admins). */
  @Get()
  @RequirePermission(Action.ListUsers)
  @ApiOperation({ summary: 'List users (agents and admins only)' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Customers may not list users' })
  list(@Query() query: ListUsersQueryDto): Promise<AgentSummary[]> {
    return this.users.list(query.role);
  }

  /** The caller's notification preferences. */
  @Get('me/preferences')
  @ApiOperation({ summary: 'Get my notification preferences' })
  @ApiOkResponse({ type: PreferencesResponse })
  getPreferences(@CurrentUser() user: AuthUser): Promise<PreferencesResponse> {
    return this.users.getPreferences(user.id);
  }

  /** Changes the caller's notification preferences (omitted fields stay as they are). */
  @Patch('me/preferences')
  @ApiOperation({ summary: 'Change my notification preferences' })
  @ApiOkResponse({ type: PreferencesResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: '`emailNotifications` is not a boolean, or an unknown field was sent',
  })
  updatePreferences(
    @Body() dto: UpdatePreferencesDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PreferencesResponse> {
    return this.users.updatePreferences(user.id, dto);
  }
}
