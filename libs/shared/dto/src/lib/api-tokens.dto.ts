import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEnum,
  IsString,
  Length,
} from 'class-validator';

import {
  API_TOKEN_LIMITS,
  API_TOKEN_SCOPES,
  ApiTokenScope,
  type CreateApiTokenRequest,
} from '@hd/shared/domain';

import { IsOptionalNotNull, Trim } from './validators';

/** `POST /api/users/me/api-tokens`. */
export class CreateApiTokenDto implements CreateApiTokenRequest {
  /** What the token is for. @example "CRM sync" */
  @Trim()
  @IsString()
  @Length(1, API_TOKEN_LIMITS.nameMaxLength)
  name!: string;

  /** At least one; only scopes the caller's role allows. @example ["tickets:read", "tickets:write"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_TOKEN_SCOPES.length)
  @ArrayUnique()
  @IsEnum(ApiTokenScope, { each: true })
  scopes!: ApiTokenScope[];

  /** When the token stops working (ISO 8601 date-time, in the future); absent: never. @example "2027-06-30T00:00:00Z" */
  @IsOptionalNotNull()
  @IsDateString({ strict: true })
  expiresAt?: string;
}
