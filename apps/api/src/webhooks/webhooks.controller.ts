import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
  CreatedWebhookResponse,
  ErrorResponse,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookListResponse,
  WebhookResponse,
} from '@hd/shared/domain';
import { CreateWebhookDto, PageQueryDto, UpdateWebhookDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { WebhooksService } from './webhooks.service';

const NO_WEBHOOK = 'No webhook with this id';
const BAD_URL =
  '`VALIDATION_FAILED` for a bad URL, event, secret or flag; `WEBHOOK_URL_FORBIDDEN` for a private, loopback or link-local address not in `WEBHOOK_ALLOW_HOSTS`';

/**
 * `/api/webhooks` (admins): outgoing webhooks for `ticket.created`, `ticket.updated`,
 * `ticket.status_changed`, `ticket.assigned` and `reply.created`, POSTed as JSON
 * `{id, event, createdAt, data}` and signed in `X-Helpdesk-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
 * "t.body">`, with the delivery id in `X-Helpdesk-Delivery`; retried with back-off for 24 h.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@ApiForbiddenResponse({ type: ErrorResponse, description: 'Only admins manage webhooks (`ROLE_FORBIDDEN`)' })
@RequirePermission(Action.ManageWebhooks)
@TokenScope(ApiTokenScope.Admin)
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /**
   * Creates a webhook; the answer holds its signing secret, which is not shown again. Audited
   * (`webhook.created`, without the secret).
   */
  @Post()
  @ApiOperation({ summary: 'Create a webhook (its secret is shown once)', operationId: 'createWebhook' })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: BAD_URL })
  create(@Body() dto: CreateWebhookDto, @CurrentUser() user: AuthUser): Promise<CreatedWebhookResponse> {
    return this.webhooks.create(dto, user);
  }

  /** Every webhook, newest first. */
  @Get()
  @ApiOperation({ summary: 'List webhooks', operationId: 'listWebhooks' })
  @ApiOkResponse({ type: WebhookListResponse })
  list(): Promise<WebhookListResponse> {
    return this.webhooks.list();
  }

  /** One webhook. */
  @Get(':id')
  @ApiOperation({ summary: 'Get a webhook', operationId: 'getWebhook' })
  @ApiParam({ name: 'id', type: Number, example: 2 })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NO_WEBHOOK })
  get(@Param('id', new ParseIdPipe('Webhook')) id: number): Promise<WebhookResponse> {
    return this.webhooks.get(id);
  }

  /**
   * Changes a webhook; `active: true` turns one switched off after failures on again. Audited
   * (`webhook.updated`, `webhook.enabled`, `webhook.disabled`; `webhook.secret_changed` for a new
   * secret, never its value).
   */
  @Patch(':id')
  @ApiOperation({ summary: 'Change a webhook', operationId: 'updateWebhook' })
  @ApiParam({ name: 'id', type: Number, example: 2 })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: BAD_URL })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NO_WEBHOOK })
  update(
    @Param('id', new ParseIdPipe('Webhook')) id: number,
    @Body() dto: UpdateWebhookDto,
    @CurrentUser() user: AuthUser,
  ): Promise<WebhookResponse> {
    return this.webhooks.update(id, dto, user);
  }

  /** Deletes a webhook with its deliveries. Audited (`webhook.deleted`). */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a webhook', operationId: 'deleteWebhook' })
  @ApiParam({ name: 'id', type: Number, example: 2 })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NO_WEBHOOK })
  remove(@Param('id', new ParseIdPipe('Webhook')) id: number, @CurrentUser() user: AuthUser): Promise<void> {
    return this.webhooks.remove(id, user);
  }

  /** A page of the webhook's deliveries, newest first, with each one's last attempt. */
  @Get(':id/deliveries')
  @ApiOperation({ summary: "List a webhook's deliveries", operationId: 'listWebhookDeliveries' })
  @ApiParam({ name: 'id', type: Number, example: 2 })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Bad `page` or `pageSize`' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NO_WEBHOOK })
  deliveries(
    @Param('id', new ParseIdPipe('Webhook')) id: number,
    @Query() query: PageQueryDto,
  ): Promise<WebhookDeliveryPageResponse> {
    return this.webhooks.deliveries(id, query);
  }

  /** Sends a delivery again now: the same body and delivery id, signed afresh. */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Redeliver a delivery', operationId: 'redeliverWebhookDelivery' })
  @ApiParam({ name: 'id', type: Number, example: 2 })
  @ApiParam({ name: 'deliveryId', type: Number, example: 31 })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse, description: 'Queued to be sent at once' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such webhook, or no such delivery of it' })
  redeliver(
    @Param('id', new ParseIdPipe('Webhook')) id: number,
    @Param('deliveryId', new ParseIdPipe('Delivery')) deliveryId: number,
  ): Promise<WebhookDeliveryResponse> {
    return this.webhooks.redeliver(id, deliveryId);
  }
}
