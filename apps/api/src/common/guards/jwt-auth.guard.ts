import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { ErrorCode } from '@hd/shared/domain';

import { IS_PUBLIC_KEY } from '../decorators/public.decorator';

/**
 * Global guard: every route needs a valid access token unless marked {@link Public}.
 * A missing, malformed, expired or forged token, or one of a deactivated user, is a 401.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
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
