import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { Action } from '@hd/shared/domain';

import { AuthUser } from '../decorators/current-user.decorator';
import { PERMISSION_KEY } from '../decorators/require-permission.decorator';
import { assertAllowed } from '../permissions';

/**
 * Global guard after authentication: enforces {@link RequirePermission} from the permission table.
 * @throws ForbiddenException (403 `ROLE_FORBIDDEN`) when the caller's role may not take the action
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const action = this.reflector.getAllAndOverride<Action | undefined>(PERMISSION_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!action) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user) assertAllowed(action, user);
    return true;
  }
}
