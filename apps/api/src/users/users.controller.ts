import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { AgentSummary, ErrorResponse, ListUsersQueryDto, Role } from '@hd/shared/dto';

import { Roles } from '../common/decorators/roles.decorator';
import { UsersService } from './users.service';

/** `/api/users`: user lists for staff. */
@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Lists active users, e.g. `?role=agent` for the assignee picker (agents and admins). */
  @Get()
  @Roles(Role.Agent)
  @ApiOperation({ summary: 'List users (agents and admins only)' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Customers may not list users' })
  list(@Query() query: ListUsersQueryDto): Promise<AgentSummary[]> {
    return this.users.list(query.role);
  }
}
