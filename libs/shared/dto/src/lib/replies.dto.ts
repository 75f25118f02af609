import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

import { BODY_MAX_LENGTH } from '@hd/shared/domain';
import { Trim } from './validators';
import type { CreateReplyRequest } from '@hd/shared/domain';

/** Body of `POST /api/tickets/:id/replies`. */
export class CreateReplyDto implements CreateReplyRequest {
  /** 1 to 10,000 characters after trimming. @example "Thanks, that fixed it." */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'content must not be empty' })
  @MaxLength(BODY_MAX_LENGTH)
  content!: string;

  /** `true` makes an internal note that customers never see (agents and admins only; a customer sending it gets 403). */
  @IsOptional()
  @IsBoolean()
  internal?: boolean;
}
