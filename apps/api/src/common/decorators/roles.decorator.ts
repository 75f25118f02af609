import { SetMetadata } from '@nestjs/common';

import { Role } from '@hd/shared/dto';

/** Metadata key set by {@link Roles}. */
export const ROLES_KEY = 'roles';

/** Restricts a handler to these roles; others get 403. An admin passes wherever an agent does. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
