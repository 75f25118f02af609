import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

import { MAX_PAGE_SIZE } from './limits';

function toBoolean(value: unknown): unknown {
  if (value === 'true' || value === true) return true;
  if (value === 'false' || value === false) return false;
  return value;
}

/** Query of `GET /api/notifications`. */
export class ListNotificationsQueryDto {
  /** `true`: only unread notifications. */
  @IsOptional()
  @Transform(({ value }) => toBoolean(value))
  @IsBoolean()
  unread?: boolean;

  /** 1-based page number. @example 1 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  /** Items per page, 1 to 100, default 20. @example 20 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** Body of `PATCH /api/users/me/preferences`; omitted fields stay as they are. */
export class UpdatePreferencesDto {
  /** Whether to receive notifications by e-mail too (in-app notifications are always on). @example false */
  @IsOptional()
  @IsBoolean()
  emailNotifications?: boolean;
}
