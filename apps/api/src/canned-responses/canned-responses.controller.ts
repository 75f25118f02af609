import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
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

import {
  Action,
  ApiTokenScope,
  CannedResponseListResponse,
  CannedResponseResponse,
  ErrorResponse,
} from '@hd/shared/domain';
import { CreateCannedResponseDto, UpdateCannedResponseDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { CannedResponsesService } from './canned-responses.service';

const ID_PARAM = { name: 'id', type: Number, example: 7 } as const;
const NOT_FOUND = {
  type: ErrorResponse,
  description: "No such canned response, or another user's personal one (always 404, never 403)",
} as const;
const INVALID = {
  type: ErrorResponse,
  description:
    '`VALIDATION_FAILED`: blank or too long title (1 to 100) or body (1 to 5,000), `shared` not a boolean, or an unknown field',
} as const;

/**
 * `/api/canned-responses`: reply templates of agents and admins, filled with the ticket's customer,
 * number and agent when inserted into a reply. Shared ones: every member of staff sees them, admins
 * change them. Personal ones: only their owner sees and changes them. Customers get 403
 * `ROLE_FORBIDDEN` on every route.
 */
@ApiTags('canned-responses')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@ApiForbiddenResponse({
  type: ErrorResponse,
  description: '`ROLE_FORBIDDEN`: customers never use canned responses; only admins change shared ones',
})
@RequirePermission(Action.UseCannedResponses)
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.TicketsWrite })
@Controller('canned-responses')
export class CannedResponsesController {
  constructor(private readonly cannedResponses: CannedResponsesService) {}

  /**
   * The shared canned responses and the caller's personal ones, by title:
   * `{items: [{id, title, body, shared, owner: {id, name}, createdAt, updatedAt}]}`.
   * @throws 401; 403 `ROLE_FORBIDDEN` for customers
   */
  @Get()
  @ApiOperation({ summary: "List the shared canned responses and the caller's personal ones" })
  @ApiOkResponse({ type: CannedResponseListResponse })
  list(@CurrentUser() user: AuthUser): Promise<CannedResponseListResponse> {
    return this.cannedResponses.list(user);
  }

  /**
   * One canned response: `{id, title, body, shared, owner: {id, name}, createdAt, updatedAt}`.
   * @throws 401; 403 `ROLE_FORBIDDEN` for customers; 404 `NOT_FOUND` for an unknown id or another user's personal one
   */
  @Get(':id')
  @ApiOperation({ summary: 'Read a canned response' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CannedResponseResponse })
  @ApiNotFoundResponse(NOT_FOUND)
  get(
    @Param('id', new ParseIdPipe('Canned response')) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<CannedResponseResponse> {
    return this.cannedResponses.get(id, user);
  }

  /**
   * Adds a canned response `{title, body, shared?}` owned by the caller: personal by default,
   * shared (`shared: true`) for admins only, audited. Answers it as {@link get} does, with 201.
   * @throws 400 `VALIDATION_FAILED`; 401; 403 `ROLE_FORBIDDEN` for customers, and for agents sending `shared: true`
   */
  @Post()
  @ApiOperation({ summary: 'Add a personal canned response, or (admins) a shared one' })
  @ApiCreatedResponse({ type: CannedResponseResponse })
  @ApiBadRequestResponse(INVALID)
  create(
    @Body() dto: CreateCannedResponseDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CannedResponseResponse> {
    return this.cannedResponses.create(dto, user);
  }

  /**
   * Changes `title`, `body` or `shared` (omitted fields stay): one's own personal response, or
   * (admins, audited) a shared one. `shared: false` on a shared one makes it the admin's own personal
   * response. Answers the canned response as it now is.
   * @throws 400 `VALIDATION_FAILED`; 401; 403 `ROLE_FORBIDDEN` for customers, for agents changing a
   * shared one or sending a new `shared`; 404 `NOT_FOUND` for an unknown id or another user's personal one
   */
  @Patch(':id')
  @ApiOperation({ summary: 'Change a canned response (shared ones: admins)' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CannedResponseResponse })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NOT_FOUND)
  update(
    @Param('id', new ParseIdPipe('Canned response')) id: number,
    @Body() dto: UpdateCannedResponseDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CannedResponseResponse> {
    return this.cannedResponses.update(id, dto, user);
  }

  /**
   * Deletes one's own personal canned response, or (admins, audited) a shared one. Answers 204.
   * @throws 401; 403 `ROLE_FORBIDDEN` for customers and for agents deleting a shared one; 404
   * `NOT_FOUND` for an unknown id or another user's personal one
   */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a canned response (shared ones: admins)' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse(NOT_FOUND)
  remove(
    @Param('id', new ParseIdPipe('Canned response')) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.cannedResponses.remove(id, user);
  }
}
