import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { API_TOKEN_PREFIX, ErrorCode } from '@hd/shared/domain';

import { ApiTokensService } from '../../api-tokens/api-tokens.service';
import { AuthUser } from '../decorators/current-user.decorator';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator';

/**
 * Global guard: every route needs a valid access token unless marked {@link Public}: a login's JWT,
 * or a personal API token (`hd_...`, see `ApiTokensService`; its scopes are checked by
 * `ApiTokenScopeGuard`). A missing, malformed, expired, revoked or forged token, or one of a
 * deactivated user, is a 401.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokensService,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown>; user?: AuthUser }>();
    const header = request.headers['authorization'];
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (bearer?.startsWith(API_TOKEN_PREFIX)) return this.authenticateApiToken(bearer, request);
    return super.canActivate(context);
  }

  private async authenticateApiToken(token: string, request: { user?: AuthUser }): Promise<boolean> {
    const user = await this.apiTokens.authenticate(token);
    if (!user) {
      throw new UnauthorizedException({
        message: 'Invalid, revoked or expired API token',
        code: ErrorCode.Unauthorized,
      });
    }
    request.user = user;
    return true;
  }

  /** Says whether the token was missing, expired or invalid, instead of passport's bare "Unauthorized". */
  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) throw error;
    if (!user) {
      const reason = (info as { name?: string } | undefined)?.name;
      const message =
        reason === 'TokenExpiredError'
          ? 'Access token expired; refresh it'
          : info instanceof Error && /No auth token/i.test(info.message)
            ? 'Missing access token: send Authorization: Bearer <token>'
            : 'Invalid access token';
      throw new UnauthorizedException({ message, code: ErrorCode.Unauthorized });
    }
    return user;
  }
}
