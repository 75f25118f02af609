import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  MaxLength,
} from 'class-validator';

import { BODY_MAX_LENGTH, MAX_ATTACHMENTS_PER_REPLY } from '@hd/shared/domain';
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

  /**
   * Files to send with it: ids from `POST /api/tickets/{id}/attachments`, uploaded by the caller to
   * this ticket and not sent with another reply yet (otherwise 400 `INVALID_ATTACHMENT`); at most 20.
   * On an internal note they stay hidden from customers. @example [12, 13]
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS_PER_REPLY)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  attachmentIds?: number[];
}
