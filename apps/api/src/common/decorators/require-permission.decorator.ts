import { SetMetadata } from '@nestjs/common';

import { Action } from '@hd/shared/domain';

/** Metadata key set by {@link RequirePermission}. */
export const PERMISSION_KEY = 'permission';

/**
 * Restricts a handler to the roles that the permission table (`PERMISSIONS` of
 * `@hd/shared/domain`) allows to take `action`; others get 403 `ROLE_FORBIDDEN`. For actions on a
 * ticket whose verdict depends on the ticket, the service calls {@link assertAllowed} instead.
 */
export const RequirePermission = (action: Action): MethodDecorator & ClassDecorator =>
  SetMetadata(PERMISSION_KEY, action);
