import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
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

import { ApiTokenScope, ErrorResponse, TicketResponse } from '@hd/shared/domain';
import { AssignTicketDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseTicketRefPipe, TICKET_REF_PARAM, TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { AssignmentService } from './assignment.service';

/** `/api/tickets/:id/assign`: set who works a ticket. */
@ApiTags('assignment')
@ApiBearerAuth()
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.TicketsWrite })
@Controller('tickets/:id/assign')
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  /** Assigns to `agentId`, to yourself when omitted, or unassigns with `null` (agents and admins). */
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Assign, reassign or unassign a ticket' })
  @ApiParam(TICKET_REF_PARAM)
  @ApiOkResponse({ type: TicketResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: '`agentId` is not an active agent or admin (`INVALID_ASSIGNEE`)',
  })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Customers may not assign tickets' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: "No such ticket, or it is another customer's" })
  assign(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @Body() dto: AssignTicketDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TicketResponse> {
    return this.assignment.assign(id, dto, user);
  }
}
