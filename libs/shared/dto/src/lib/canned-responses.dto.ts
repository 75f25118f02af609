import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';

import { CANNED_RESPONSE_BODY_MAX_LENGTH, CANNED_RESPONSE_TITLE_MAX_LENGTH } from '@hd/shared/domain';
import type { CreateCannedResponseRequest, UpdateCannedResponseRequest } from '@hd/shared/domain';

import { IsOptionalNotNull, Trim } from './validators';

/** Body of `POST /api/canned-responses` (agents and admins). */
export class CreateCannedResponseDto implements CreateCannedResponseRequest {
  /** 1 to 100 characters after trimming; what the picker lists. @example "Invoice resent" */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(CANNED_RESPONSE_TITLE_MAX_LENGTH)
  title!: string;

  /**
   * 1 to 5,000 characters after trimming. `{{customer.firstName}}`, `{{ticket.number}}` and
   * `{{agent.firstName}}` are filled when it is inserted into a reply; other text between double
   * braces stays as written.
   * @example "Hi {{customer.firstName}}, I have resent the invoice for {{ticket.number}}."
   */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(CANNED_RESPONSE_BODY_MAX_LENGTH)
  body!: string;

  /**
   * `true` shares it with every agent and admin (admins only: an agent sending it gets 403);
   * `false` (the default) keeps it personal, seen and changed by its owner only.
   */
  @IsOptionalNotNull()
  @IsBoolean()
  shared?: boolean;
}

/** Body of `PATCH /api/canned-responses/:id`; omitted fields stay as they are. */
export class UpdateCannedResponseDto implements UpdateCannedResponseRequest {
  /** 1 to 100 characters after trimming. @example "Invoice resent (PDF)" */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(CANNED_RESPONSE_TITLE_MAX_LENGTH)
  title?: string;

  /** 1 to 5,000 characters after trimming, with placeholders as on creation. */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(CANNED_RESPONSE_BODY_MAX_LENGTH)
  body?: string;

  /**
   * Admins only (403 for agents): `true` shares one of their personal responses with all staff;
   * `false` makes a shared one personal again, owned from then on by the admin who sends it.
   */
  @IsOptionalNotNull()
  @IsBoolean()
  shared?: boolean;
}
