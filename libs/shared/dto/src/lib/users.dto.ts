import { IsEnum, IsOptional } from 'class-validator';

import { Role } from '@hd/shared/domain';

/** Query of `GET /api/users`. */
export class ListUsersQueryDto {
  /** Only users with this role; `agent` also lists admins, who can take tickets too. */
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}
