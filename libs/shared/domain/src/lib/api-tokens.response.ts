import { ApiTokenScope } from './api-tokens';

/** An API token as listed: never the token itself, which is shown once, at creation. */
export class ApiTokenResponse {
  /** @example 4 */
  id!: number;
  /** What it is for. @example "CRM sync" */
  name!: string;
  /** The token's first characters, to recognise it. @example "hd_Zx81kQ" */
  prefix!: string;
  /** @example ["tickets:read"] */
  scopes!: ApiTokenScope[];
  /** ISO 8601 UTC. */
  createdAt!: string;
  /** When it stops working (ISO 8601 UTC); null: never. */
  expiresAt!: string | null;
  /** When it was last used, to the minute (ISO 8601 UTC); null: never used. */
  lastUsedAt!: string | null;
}

/** `POST /api/users/me/api-tokens`: the new token, with its secret value (shown only this once). */
export class CreatedApiTokenResponse extends ApiTokenResponse {
  /** `hd_` and 43 random characters; send as `Authorization: Bearer <token>`. Store it now: it is not shown again. */
  token!: string;
}

/** `GET /api/users/me/api-tokens`: the caller's tokens, newest first. */
export class ApiTokenListResponse {
  items!: ApiTokenResponse[];
}
