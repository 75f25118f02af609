import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import {
  ApiTokenScope,
  ErrorResponse,
  NotificationPageResponse,
  NotificationResponse,
  ReadAllResponse,
} from '@hd/shared/domain';
import { ListNotificationsQueryDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { NotificationsService } from './notifications.service';

/** `/api/notifications`: the caller's notification centre (live ones arrive over socket.io as `notification`). */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.TicketsWrite })
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Lists the caller's notifications, newest first, with the unread count for the bell. */
  @Get()
  @ApiOperation({ summary: 'List my notifications (newest first; `unread=true` for unread only)' })
  @ApiOkResponse({ type: NotificationPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Bad `unread`, `page` or `pageSize`' })
  list(
    @Query() query: ListNotificationsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<NotificationPageResponse> {
    return this.notifications.list(user.id, query);
  }

  /** Marks every unread notification of the caller read. */
  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: ReadAllResponse })
  markAllRead(@CurrentUser() user: AuthUser): Promise<ReadAllResponse> {
    return this.notifications.markAllRead(user.id);
  }

  /** Marks one of the caller's notifications read (idempotent). */
  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiParam({ name: 'id', type: Number, example: 1 })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiNotFoundResponse({
    type: ErrorResponse,
    description: "No such notification, or it is another user's (always 404)",
  })
  markRead(
    @Param('id', new ParseIdPipe('Notification')) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<NotificationResponse> {
    return this.notifications.markRead(id, user.id);
  }
}
