/**
 * Machine-readable `code`s the API puts in error bodies next to the HTTP status, so clients can
 * react to a specific failure without parsing the message.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  InvalidTransition = 'INVALID_TRANSITION',
  RoleForbidden = 'ROLE_FORBIDDEN',
  ReopenWindowExpired = 'REOPEN_WINDOW_EXPIRED',
  TicketClosed = 'TICKET_CLOSED',
  TicketNotEditable = 'TICKET_NOT_EDITABLE',
  TicketNotDeletable = 'TICKET_NOT_DELETABLE',
  EmailTaken = 'EMAIL_TAKEN',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  InvalidAssignee = 'INVALID_ASSIGNEE',
  InvalidCustomer = 'INVALID_CUSTOMER',
  InvalidCategory = 'INVALID_CATEGORY',
  InvalidContactNumber = 'INVALID_CONTACT_NUMBER',
  RateLimited = 'RATE_LIMITED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  MalformedJson = 'MALFORMED_JSON',
  PayloadTooDeep = 'PAYLOAD_TOO_DEEP',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  UriTooLong = 'URI_TOO_LONG',
  /** 431: the request's headers are larger than the server reads (16 KiB); nothing was processed. */
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  /** 408: the request did not arrive completely within the server's time limit. */
  RequestTimeout = 'REQUEST_TIMEOUT',
  BadRequest = 'BAD_REQUEST',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  NotFound = 'NOT_FOUND',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  InternalError = 'INTERNAL_ERROR',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  PreconditionFailed = 'PRECONDITION_FAILED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInUse = 'IDEMPOTENCY_KEY_IN_USE',
  /** 409: the change would leave no active user who may manage users (no active admin). */
  LastAdmin = 'LAST_ADMIN',
  /** 409: an admin tried to demote or deactivate themself; another admin must do it. */
  SelfDemotion = 'SELF_DEMOTION',
  /** 400: a password-reset or invitation token is unknown, already used or expired. */
  InvalidToken = 'INVALID_TOKEN',
  /** 400: `currentPassword` does not match when changing one's password. */
  WrongPassword = 'WRONG_PASSWORD',
  /** 400: a `cursor` that this API did not give, or one given for another sort. */
  InvalidCursor = 'INVALID_CURSOR',
  /** 503: too many slow requests of one kind at once (searches that scan); retry after `Retry-After` seconds. */
  ServerBusy = 'SERVER_BUSY',
  /** 400: a `page` past `MAX_PAGE` (100); deeper pages are reached with `cursor`. */
  PageTooDeep = 'PAGE_TOO_DEEP',
  /** 400: `sort=relevance` without a search (`q`): there is nothing to rank by. */
  RelevanceNeedsQuery = 'RELEVANCE_NEEDS_QUERY',
  /** 503 from readiness: `REDIS_URL` is set and Redis does not answer (the API itself keeps serving). */
  RedisUnavailable = 'REDIS_UNAVAILABLE',
  /** 503 from readiness: this process received SIGTERM and is finishing its requests; send new ones elsewhere. */
  ShuttingDown = 'SHUTTING_DOWN',
  /** 403: the API token's scopes do not cover this route (or the route needs a login session). */
  InsufficientScope = 'INSUFFICIENT_SCOPE',
  /** 400: a webhook URL pointing at a private, loopback or link-local address not listed in `WEBHOOK_ALLOW_HOSTS`. */
  WebhookUrlForbidden = 'WEBHOOK_URL_FORBIDDEN',
  /** 413: a file is larger than `ATTACHMENT_MAX_BYTES` (the message names the limit). */
  AttachmentTooLarge = 'ATTACHMENT_TOO_LARGE',
  /** 413: more files in one upload than `MAX_ATTACHMENTS_PER_REQUEST` (10). */
  TooManyAttachments = 'TOO_MANY_ATTACHMENTS',
  /** 415: a file whose bytes are not of an allowed type (images, PDF, text, CSV, office documents, zip). */
  AttachmentTypeRefused = 'ATTACHMENT_TYPE_REFUSED',
  /** 400: `attachmentIds` naming a file that is not the caller's unsent upload on this ticket. */
  InvalidAttachment = 'INVALID_ATTACHMENT',
}
