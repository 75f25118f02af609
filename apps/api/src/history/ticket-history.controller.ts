import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { ApiTokenScope, ErrorResponse, TicketHistoryResponse } from '@hd/shared/domain';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseTicketRefPipe, TICKET_REF_PARAM, TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { TicketHistoryService } from './ticket-history.service';

/** `/api/tickets/:id/history`: who changed what on a ticket. */
@ApiTags('tickets')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.TicketsWrite })
@Controller('tickets')
export class TicketHistoryController {
  constructor(private readonly history: TicketHistoryService) {}

  /** The ticket's recorded changes, oldest first (customers: without internal-note events). */
  @Get(':id/history')
  @ApiOperation({ summary: "Get a ticket's history" })
  @ApiParam(TICKET_REF_PARAM)
  @ApiOkResponse({ type: TicketHistoryResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: "No such ticket, or it is another customer's" })
  list(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @CurrentUser() user: AuthUser,
  ): Promise<TicketHistoryResponse> {
    return this.history.list(id, user);
  }
}
