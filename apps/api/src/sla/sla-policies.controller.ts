import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import {
  Action,
  ApiTokenScope,
  ErrorResponse,
  SlaPolicyListResponse,
  SlaPolicyResponse,
  TICKET_PRIORITIES,
} from '@hd/shared/domain';
import { UpdateSlaPolicyDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { SlaPoliciesService } from './sla-policies.service';

/**
 * `/api/sla-policies`: the SLA targets per priority (minutes to the first response and to
 * resolution). Staff read them; admins change them (audited).
 */
@ApiTags('sla')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.Admin })
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  /** The policy of every priority, most urgent first (agents and admins). */
  @Get()
  @RequirePermission(Action.WorkQueue)
  @ApiOperation({ summary: 'List the SLA policies (staff)', operationId: 'listSlaPolicies' })
  @ApiOkResponse({ type: SlaPolicyListResponse })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'ROLE_FORBIDDEN: customers do not read SLA policies',
  })
  list(): Promise<SlaPolicyListResponse> {
    return this.policies.list();
  }

  /**
   * Sets both targets of a priority (admins); audited as `sla_policy.updated`. Applies to tickets
   * created, or changing priority, afterwards.
   */
  @Put(':priority')
  @RequirePermission(Action.ManageSettings)
  @ApiOperation({
    summary: "Change a priority's SLA targets (admins, audited)",
    operationId: 'updateSlaPolicy',
  })
  @ApiParam({ name: 'priority', enum: TICKET_PRIORITIES, example: 'urgent' })
  @ApiOkResponse({ type: SlaPolicyResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'VALIDATION_FAILED: a target missing, not a whole number of minutes, outside 1 to 525600, an unknown field, or the resolution sooner than the first response',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'ROLE_FORBIDDEN: only admins change SLA policies',
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'NOT_FOUND: not a priority' })
  update(
    @Param('priority') priority: string,
    @Body() dto: UpdateSlaPolicyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SlaPolicyResponse> {
    return this.policies.update(priority, dto, user);
  }
}
