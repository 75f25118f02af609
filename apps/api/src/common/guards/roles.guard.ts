import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { ErrorCode, Role } from '@hd/shared/dto';

import { AuthUser } from '../decorators/current-user.decorator';
import { ROLES_KEY } from '../decorators/roles.decorator';

/**
 * Global guard after authentication: enforces {@link Roles}. An admin passes every agent check.
 * @throws ForbiddenException (403) when the caller's role is not allowed
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && (roles.includes(user.role) || (user.role === Role.Admin && roles.includes(Role.Agent))))
      return true;
    throw new ForbiddenException({ message: 'Your role may not do this', code: ErrorCode.Forbidden });
  }
}
