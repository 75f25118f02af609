import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { ApiTokenScope, ErrorCode } from '@hd/shared/domain';

import { AuthUser } from '../decorators/current-user.decorator';
import { TOKEN_SCOPE_KEY, TokenScopeRule } from '../decorators/token-scope.decorator';

/**
 * Global guard (after authentication): a request made with an API token passes only when the
 * route's `@TokenScope()` is covered by the token's scopes (see {@link TokenScopeRule}); the role
 * rules then apply as for the owner's own login. Requests with a login session are not affected.
 */
@Injectable()
export class ApiTokenScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  /** @throws ForbiddenException 403 `INSUFFICIENT_SCOPE` naming the scope the route needs */
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const token = request.user?.apiToken;
    if (!token) return true;
    const rule = this.reflector.getAllAndOverride<TokenScopeRule | undefined>(TOKEN_SCOPE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (rule === 'any') return true;
    if (rule === undefined || rule === 'none') {
      throw new ForbiddenException({
        message: 'API tokens cannot use this route; it needs a login session',
        code: ErrorCode.InsufficientScope,
      });
    }
    const needed =
      typeof rule === 'string' ? rule : ['GET', 'HEAD'].includes(request.method) ? rule.read : rule.write;
    if (token.scopes.includes(needed) || token.scopes.includes(ApiTokenScope.Admin)) return true;
    throw new ForbiddenException({
      message: `This API token lacks the scope ${needed}`,
      code: ErrorCode.InsufficientScope,
    });
  }
}
