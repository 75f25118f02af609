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
  RateLimited = 'RATE_LIMITED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  MalformedJson = 'MALFORMED_JSON',
  NotFound = 'NOT_FOUND',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  InternalError = 'INTERNAL_ERROR',
}
