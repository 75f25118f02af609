import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Headers,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiHeader,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import {
  ApiTokenScope,
  ErrorResponse,
  TicketDetailResponse,
  TicketPageResponse,
  TicketResponse,
  TicketStatusCountsResponse,
} from '@hd/shared/domain';
import { ChangeStatusDto, CreateTicketDto, ListTicketsQueryDto, UpdateTicketDto } from '@hd/shared/dto';

import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyInterceptor,
} from '../common/idempotency/idempotency.interceptor';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseTicketRefPipe, TICKET_REF_PARAM, TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { etagOf } from './ticket-etag';
import { clientGone } from './ticket-search-queue';
import { TicketsService } from './tickets.service';

const NOT_FOUND = "No such ticket, or it is another customer's (always 404, never 403)";
const PRECONDITION = 'The ticket changed since the version named in `If-Match` (`PRECONDITION_FAILED`)';
const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description:
    'The `ETag` of the version the change is based on; a newer ticket is a 412 instead of a lost update',
};
const ETAG_HEADERS = {
  ETag: { description: "The ticket's version, for `If-Match`", schema: { type: 'string' } },
};

/** Sets the `ETag` of `ticket` on the reply and returns the ticket. */
/** `url` (path and query of a list request) asking for the page at `cursor` instead of its `page`. */
function nextPageUrl(url: string, cursor: string): string {
  const next = new URL(url, 'http://api.invalid');
  next.searchParams.delete('page');
  next.searchParams.set('cursor', cursor);
  return `${next.pathname}${next.search}`;
}

function withEtag<T extends { id: number; version: number }>(reply: FastifyReply, ticket: T): T {
  void reply.header('etag', etagOf(ticket));
  return ticket;
}

/** `/api/tickets`: the queue, tickets and their status workflow. */
@ApiTags('tickets')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.TicketsWrite })
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  /** Opens a ticket (status `open`); staff may open one for a customer with `customerId`. */
  @Post()
  @UseInterceptors(IdempotencyInterceptor)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ summary: 'Open a ticket' })
  @ApiCreatedResponse({ type: TicketResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'Invalid fields, or `customerId` not an active customer',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A customer passed `customerId`' })
  create(@Body() dto: CreateTicketDto, @CurrentUser() user: AuthUser): Promise<TicketResponse> {
    return this.tickets.create(dto, user);
  }

  /**
   * Lists tickets: a customer's own, or the whole queue for staff. With `q`, a full-text search
   * (words, `"phrases"`, `-excluded`, the last word as a prefix; internal notes for staff only),
   * best match first unless `sort` says otherwise, each item with a `match` snippet. When another
   * page follows, its address is also sent as `Link: <...>; rel="next"` (RFC 8288), the request's
   * own query with `cursor` in place of `page`.
   */
  @Get()
  @ApiOperation({ summary: 'List tickets (filter, search, sort; paginate by page or cursor)' })
  @ApiOkResponse({
    type: TicketPageResponse,
    headers: {
      Link: {
        description: 'The next page: `</api/tickets?...&cursor=...>; rel="next"` (absent on the last page)',
        schema: { type: 'string' },
      },
    },
  })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'Unknown status, priority, category or sort, a bad page size, `q` over 200 characters, `page` past 100 ' +
      '(`PAGE_TOO_DEEP`), `sort=relevance` without `q` (`RELEVANCE_NEEDS_QUERY`), ' +
      'or a cursor that is not a `nextCursor` of this sort or comes with `page` (`INVALID_CURSOR`)',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponse,
    description:
      'Too many searches (`q`) are waiting for their turn (`SERVER_BUSY`, with `Retry-After` in seconds), ' +
      'or the database is unavailable (`DATABASE_UNAVAILABLE`)',
  })
  async list(
    @Query() query: ListTicketsQueryDto,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketPageResponse> {
    const page = await this.tickets.list(query, user, clientGone(reply.raw));
    if (page.nextCursor)
      void reply.header('link', `<${nextPageUrl(request.url, page.nextCursor)}>; rel="next"`);
    return page;
  }

  /**
   * Tickets per status for filter chips: the list's filters apply, except `status`. A search of one
   * term sorted by relevance counts the tickets of its newest matches, as that list's total does
   * (`totalIsEstimate` when more matched).
   */
  @Get('counts')
  @ApiOperation({
    summary: 'Count tickets per status (same filters as the list, status ignored)',
    description:
      'A search (`q`) sorted by relevance (the default with `q`) counts what that list counts: for one term, or for ' +
      'several that more than `SEARCH_RANK_LIMIT` texts of a kind each hold together, the tickets of the newest ' +
      '`SEARCH_RANK_LIMIT` such texts of each kind; `totalIsEstimate` is then true and each count is a lower ' +
      'bound. Pass another `sort` (e.g. `-createdAt`) to count every match.',
  })
  @ApiOkResponse({ type: TicketStatusCountsResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'Unknown priority, category, or other bad filter',
  })
  counts(
    @Query() query: ListTicketsQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketStatusCountsResponse> {
    return this.tickets.countByStatus(query, user, clientGone(reply.raw));
  }

  /** One ticket with its thread (internal notes for staff only). */
  @Get(':id')
  @ApiOperation({ summary: 'Get a ticket with its replies' })
  @ApiParam(TICKET_REF_PARAM)
  @ApiOkResponse({ type: TicketDetailResponse, headers: ETAG_HEADERS })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  async findOne(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketDetailResponse> {
    return withEtag(reply, await this.tickets.findDetail(id, user));
  }

  /** Edits subject, description, category (owner while not closed, or staff) and priority (staff). */
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a ticket' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiPreconditionFailedResponse({ type: ErrorResponse, description: PRECONDITION })
  @ApiParam(TICKET_REF_PARAM)
  @ApiOkResponse({ type: TicketResponse, headers: ETAG_HEADERS })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid fields' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A customer tried to change the priority' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'A customer tried to edit a closed ticket (`TICKET_NOT_EDITABLE`)',
  })
  async update(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @Body() dto: UpdateTicketDto,
    @CurrentUser() user: AuthUser,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketResponse> {
    return withEtag(reply, await this.tickets.update(id, dto, user, ifMatch));
  }

  /** Moves the ticket along the status workflow. */
  @Patch(':id/status')
  @ApiOperation({ summary: 'Change the status (the workflow table of the domain library)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiPreconditionFailedResponse({ type: ErrorResponse, description: PRECONDITION })
  @ApiParam(TICKET_REF_PARAM)
  @ApiOkResponse({ type: TicketResponse, headers: ETAG_HEADERS })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'Move not in the table, same status, unknown status (`INVALID_TRANSITION`), or reopen window over (`REOPEN_WINDOW_EXPIRED`)',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'The role may never set that status (`ROLE_FORBIDDEN`)',
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  async changeStatus(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @Body() dto: ChangeStatusDto,
    @CurrentUser() user: AuthUser,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TicketResponse> {
    return withEtag(reply, await this.tickets.changeStatus(id, dto, user, ifMatch));
  }

  /** Soft-deletes a ticket (owner while open and unassigned, or an admin). */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a ticket (soft delete)' })
  @ApiParam(TICKET_REF_PARAM)
  @ApiNoContentResponse({ description: 'Deleted; the ticket is a 404 from now on' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Agents may not delete tickets' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NOT_FOUND })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: "The customer's ticket is no longer open and unassigned (`TICKET_NOT_DELETABLE`)",
  })
  remove(@Param('id', ParseTicketRefPipe) id: TicketRef, @CurrentUser() user: AuthUser): Promise<void> {
    return this.tickets.remove(id, user);
  }
}
