import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import { CATEGORY_NAME_MAX_LENGTH, CATEGORY_SLUG_PATTERN } from '@hd/shared/domain';
import type { CreateCategoryRequest, UpdateCategoryRequest } from '@hd/shared/domain';

import { IsOptionalNotNull, Trim } from './validators';

/** Body of `POST /api/categories` (admins). */
export class CreateCategoryDto implements CreateCategoryRequest {
  /**
   * 2 to 32 lower-case letters, digits and underscores, starting with a letter; unique and fixed
   * once created (tickets name their category by it). Derived from the name when omitted.
   * @example "returns"
   */
  @IsOptionalNotNull()
  @IsString()
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'slug must be 2 to 32 lower-case letters, digits or _' })
  slug?: string;

  /** 1 to 50 characters after trimming. @example "Returns" */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(CATEGORY_NAME_MAX_LENGTH)
  name!: string;

  /** Place in lists (0 or more); defaults to after the last category. @example 6 */
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}

/** Body of `PATCH /api/categories/:id` (admins): rename, reorder, deactivate or reactivate. */
export class UpdateCategoryDto implements UpdateCategoryRequest {
  /** 1 to 50 characters after trimming. @example "Returns and refunds" */
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(CATEGORY_NAME_MAX_LENGTH)
  name?: string;

  /** false hides it from new tickets; tickets that have it keep it. */
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  /** The new place in lists; the others move to make room. @example 0 */
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(10_000)
  position?: number;
}
