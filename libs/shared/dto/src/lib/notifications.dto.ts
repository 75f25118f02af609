import { IsBoolean, IsOptional } from 'class-validator';

import { PageQueryDto } from './pagination.dto';
import { IsOptionalNotNull, QueryBoolean } from './validators';
import type { UpdatePreferencesRequest } from '@hd/shared/domain';

/** Query of `GET /api/notifications`. */
export class ListNotificationsQueryDto extends PageQueryDto {
  /** `true`: only unread notifications. */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

/** Body of `PATCH /api/users/me/preferences`; omitted fields stay as they are. */
export class UpdatePreferencesDto implements UpdatePreferencesRequest {
  /** Whether to receive notifications by e-mail too (in-app notifications are always on). @example false */
  @IsOptionalNotNull()
  @IsBoolean()
  emailNotifications?: boolean;
}
