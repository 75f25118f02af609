import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsString,
  IsUrl,
  Length,
  MaxLength,
} from 'class-validator';

import {
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  WEBHOOK_EVENTS,
  WEBHOOK_LIMITS,
  WebhookEvent,
} from '@hd/shared/domain';

import { IsOptionalNotNull, Trim } from './validators';

const URL_RULES = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  allow_underscores: true,
};

/** `POST /api/webhooks`. */
export class CreateWebhookDto implements CreateWebhookRequest {
  /** `http://` or `https://`; private, loopback and link-local addresses are refused unless allowed by `WEBHOOK_ALLOW_HOSTS`. @example "https://crm.example.com/hooks/helpdesk" */
  @Trim()
  @IsString()
  @MaxLength(WEBHOOK_LIMITS.urlMaxLength)
  @IsUrl(URL_RULES, { message: 'url must be an http:// or https:// URL' })
  url!: string;

  /** At least one. @example ["ticket.created", "ticket.status_changed"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsEnum(WebhookEvent, { each: true })
  events!: WebhookEvent[];

  /** The signing key (16 to 200 characters); absent: one is generated and returned once. */
  @IsOptionalNotNull()
  @IsString()
  @Length(WEBHOOK_LIMITS.secretMinLength, WEBHOOK_LIMITS.secretMaxLength)
  secret?: string;

  /** Default true. */
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  /** Whether `reply.created` includes internal notes (default false: public replies only). */
  @IsOptionalNotNull()
  @IsBoolean()
  includeInternalNotes?: boolean;
}

/** `PATCH /api/webhooks/:id`: any field; `active: true` re-enables a webhook that was switched off after failures. */
export class UpdateWebhookDto implements UpdateWebhookRequest {
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MaxLength(WEBHOOK_LIMITS.urlMaxLength)
  @IsUrl(URL_RULES, { message: 'url must be an http:// or https:// URL' })
  url?: string;

  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsEnum(WebhookEvent, { each: true })
  events?: WebhookEvent[];

  /** A new signing key (16 to 200 characters). */
  @IsOptionalNotNull()
  @IsString()
  @Length(WEBHOOK_LIMITS.secretMinLength, WEBHOOK_LIMITS.secretMaxLength)
  secret?: string;

  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @IsOptionalNotNull()
  @IsBoolean()
  includeInternalNotes?: boolean;
}
