import { Body, Controller, Get, Param, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiHeader,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { ApiTokenScope, ErrorResponse, ReplyResponse } from '@hd/shared/domain';
import { CreateReplyDto } from '@hd/shared/dto';

import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyInterceptor,
} from '../common/idempotency/idempotency.interceptor';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseTicketRefPipe, TICKET_REF_PARAM, TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { RepliesService } from './replies.service';

/** `/api/tickets/:id/replies`: the thread of a ticket. */
@ApiTags('replies')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@ApiNotFoundResponse({
  type: ErrorResponse,
  description: "No such ticket, or it is another customer's (always 404, never 403)",
})
@ApiParam(TICKET_REF_PARAM)
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.TicketsWrite })
@Controller('tickets/:id/replies')
export class RepliesController {
  constructor(private readonly replies: RepliesService) {}

  /** The thread, oldest first; customers never receive internal notes. */
  @Get()
  @ApiOperation({ summary: 'List the replies of a ticket' })
  @ApiOkResponse({ type: ReplyResponse, isArray: true })
  list(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @CurrentUser() user: AuthUser,
  ): Promise<ReplyResponse[]> {
    return this.replies.list(id, user);
  }

  /** Adds a public reply or (staff only) an internal note. */
  @Post()
  @UseInterceptors(IdempotencyInterceptor)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ summary: 'Reply to a ticket, or add an internal note' })
  @ApiCreatedResponse({ type: ReplyResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      "Blank or too long content, the ticket is closed (`TICKET_CLOSED`), or `attachmentIds` names a file that is not the caller's unsent upload on this ticket (`INVALID_ATTACHMENT`)",
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A customer sent `internal: true`' })
  create(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @Body() dto: CreateReplyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReplyResponse> {
    return this.replies.create(id, dto, user);
  }
}
