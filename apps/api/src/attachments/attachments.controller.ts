import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import {
  ALLOWED_ATTACHMENT_TYPES,
  ApiTokenScope,
  AttachmentUploadResponse,
  ErrorResponse,
  MAX_ATTACHMENTS_PER_REQUEST,
} from '@hd/shared/domain';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { ParseTicketRefPipe, TICKET_REF_PARAM, TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { AttachmentDownload, AttachmentsService, PREVIEW_CONTENT_TYPE } from './attachments.service';

/** The route that takes multipart bodies (every other route takes JSON alone; see `createApp`). */
export const ATTACHMENT_UPLOAD_ROUTE = '/api/tickets/:id/attachments';

const ID_PARAM = { name: 'id', type: Number, example: 12, description: "The attachment's id" } as const;
const NOT_FOUND = {
  type: ErrorResponse,
  description:
    "`NOT_FOUND`: no such file, another customer's, an internal one asked for by a customer, or its ticket was deleted (always 404, never 403)",
} as const;
const BINARY = { schema: { type: 'string', format: 'binary' } } as const;
const DOWNLOAD_HEADERS = {
  'Content-Disposition': {
    description:
      "`attachment` (`inline` for PNG, JPEG, GIF and WebP images) with an ASCII `filename` and the exact name as `filename*=UTF-8''...` (RFC 6266, RFC 5987)",
    schema: {
      type: 'string',
      example: `attachment; filename="Uberweisung.pdf"; filename*=UTF-8''%C3%9Cberweisung.pdf`,
    },
  },
  ETag: {
    description: "The file's SHA-256, quoted; send it as `If-None-Match` to get 304",
    schema: { type: 'string' },
  },
  'Cache-Control': { description: '`private, max-age=3600`', schema: { type: 'string' } },
  'X-Content-Type-Options': { description: '`nosniff`', schema: { type: 'string' } },
  'Content-Security-Policy': {
    description: '`sandbox`: a file opened in the browser runs no script',
    schema: { type: 'string' },
  },
} as const;

/**
 * Ticket attachments: `POST /api/tickets/:id/attachments` (multipart) stores files on a ticket,
 * `GET /api/attachments/:id` downloads one and `GET /api/attachments/:id/preview` an image's preview.
 * Send the files with a reply by passing their ids as the reply's `attachmentIds`.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.TicketsWrite })
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * Uploads one to ten files (multipart/form-data, each a part named `file`) to a ticket, all or
   * none: `{items: [{id, filename, size, contentType, createdAt, replyId: null, hasPreview, internal, uploadedBy}]}`.
   * The type is sniffed from the bytes and must be an image (PNG, JPEG, GIF, WebP), PDF, UTF-8 text
   * (`.txt`, `.log`) or CSV, an office document (docx, xlsx, pptx, odt, ods, doc, xls) or zip; each
   * file at most `ATTACHMENT_MAX_BYTES` (10 MiB by default). Anyone who may see the ticket may
   * upload while it is not closed; staff's uploads stay hidden from the customer until sent with a
   * public reply (`attachmentIds`).
   */
  @Post('tickets/:id/attachments')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Upload files to a ticket' })
  @ApiParam(TICKET_REF_PARAM)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: `One to ${MAX_ATTACHMENTS_PER_REQUEST} files, each a part named \`file\``,
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_ATTACHMENTS_PER_REQUEST,
          items: { type: 'string', format: 'binary' },
          description: `Allowed types (sniffed from the bytes): ${ALLOWED_ATTACHMENT_TYPES.join(', ')}`,
        },
      },
    },
  })
  @ApiCreatedResponse({ type: AttachmentUploadResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      '`TICKET_CLOSED` for a closed ticket (reopen it first); `VALIDATION_FAILED` without a `file` part',
  })
  @ApiNotFoundResponse({
    type: ErrorResponse,
    description: "`NOT_FOUND`: no such ticket, or another customer's (always 404, never 403)",
  })
  @ApiPayloadTooLargeResponse({
    type: ErrorResponse,
    description: `\`ATTACHMENT_TOO_LARGE\`: a file over \`ATTACHMENT_MAX_BYTES\` (the message names the limit); \`TOO_MANY_ATTACHMENTS\`: more than ${MAX_ATTACHMENTS_PER_REQUEST} files`,
  })
  @ApiUnsupportedMediaTypeResponse({
    type: ErrorResponse,
    description:
      '`ATTACHMENT_TYPE_REFUSED`: a file of a type not allowed; `UNSUPPORTED_MEDIA_TYPE`: the body is not multipart/form-data',
  })
  upload(
    @Param('id', ParseTicketRefPipe) id: TicketRef,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<AttachmentUploadResponse> {
    return this.attachments.upload(id, request, user);
  }

  /**
   * Downloads a file with the type sniffed at upload, as an attachment (images inline), with
   * `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`. Its `ETag` is the
   * file's SHA-256: `If-None-Match` with it answers 304.
   */
  @Get('attachments/:id')
  @ApiOperation({ summary: 'Download an attachment' })
  @ApiParam(ID_PARAM)
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The `ETag` of a copy held: 304 when it is current',
  })
  @ApiProduces(...ALLOWED_ATTACHMENT_TYPES)
  @ApiOkResponse({
    description: 'The file',
    headers: {
      ...DOWNLOAD_HEADERS,
      'Content-Length': { description: 'Size in bytes', schema: { type: 'integer' } },
    },
    content: Object.fromEntries(ALLOWED_ATTACHMENT_TYPES.map((type) => [type, BINARY])),
  })
  @ApiNotModifiedResponse({
    description: 'The copy named by `If-None-Match` is current',
    headers: { ETag: DOWNLOAD_HEADERS.ETag },
  })
  @ApiNotFoundResponse(NOT_FOUND)
  async download(
    @Param('id', new ParseIdPipe('Attachment')) id: number,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    send(reply, await this.attachments.download(id, user, ifNoneMatch));
  }

  /** An image's preview: WebP, at most 320 px wide; 404 for files that are not images. */
  @Get('attachments/:id/preview')
  @ApiOperation({ summary: "Download an image attachment's preview" })
  @ApiParam(ID_PARAM)
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The `ETag` of a copy held: 304 when it is current',
  })
  @ApiProduces(PREVIEW_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The preview',
    headers: DOWNLOAD_HEADERS,
    content: { [PREVIEW_CONTENT_TYPE]: BINARY },
  })
  @ApiNotModifiedResponse({
    description: 'The copy named by `If-None-Match` is current',
    headers: { ETag: DOWNLOAD_HEADERS.ETag },
  })
  @ApiNotFoundResponse({
    ...NOT_FOUND,
    description: `${NOT_FOUND.description}; or the file has no preview (not an image)`,
  })
  async preview(
    @Param('id', new ParseIdPipe('Attachment')) id: number,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    send(reply, await this.attachments.download(id, user, ifNoneMatch, true));
  }
}

/** Sends a download (its own status and headers, so not through Nest's response handling). */
function send(reply: FastifyReply, download: AttachmentDownload): void {
  void reply
    .status(download.status)
    .headers(download.headers)
    .send(download.body ?? undefined);
}
