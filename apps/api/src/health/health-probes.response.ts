/** `GET /api/health/live`: the process is up and serving HTTP. */
export class LivenessResponse {
  /** Always `ok` (a process that cannot answer gets no response at all). @example "ok" */
  status!: 'ok';
}

/** What readiness checked: each dependency that answered. */
export class ReadinessChecks {
  /** The database answered `SELECT 1` in time. @example "up" */
  database!: 'up';
  /** Redis answered `PING` in time; only present when `REDIS_URL` is set. @example "up" */
  redis?: 'up';
}

/** `GET /api/health/ready`: every dependency the API needs answered, so it may receive traffic. */
export class ReadinessResponse {
  /** Always `ok`; a dependency that does not answer makes it a 503 error instead. @example "ok" */
  status!: 'ok';
  /** The dependencies checked. */
  checks!: ReadinessChecks;
}
