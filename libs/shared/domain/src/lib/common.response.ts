/**
 * The body of every error response: `{statusCode, error, message, code?, errors?}`.
 * @example {"statusCode":400,"error":"Bad Request","message":"Validation failed","code":"VALIDATION_FAILED","errors":{"subject":["subject must be shorter than or equal to 200 characters"]}}
 */
export class ErrorResponse {
  /** The HTTP status code, repeated. @example 404 */
  statusCode!: number;
  /** The HTTP reason phrase. @example "Not Found" */
  error!: string;
  /** What went wrong, for people. @example "Ticket 42 not found" */
  message!: string;
  /** What went wrong, for programs (see `ErrorCode`). @example "NOT_FOUND" */
  code?: string;
  /** For validation failures: each invalid field with its messages. */
  errors?: Record<string, string[]>;
}

/** `GET /api/health`: whether the API and its database answer. */
export class HealthResponse {
  /** `ok` when the database answered. @example "ok" */
  status!: 'ok' | 'degraded';
  /** `up` when `SELECT 1` succeeded, `down` otherwise. @example "up" */
  database!: 'up' | 'down';
  /** The database dialect in use. @example "sqlite" */
  dialect!: string;
  /** Seconds since the process started. @example 12.5 */
  uptimeSeconds!: number;
}
