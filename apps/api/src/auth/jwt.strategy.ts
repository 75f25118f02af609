import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { ErrorCode } from '@hd/shared/dto';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { AccessTokenPayload } from './tokens.service';

/**
 * Verifies `Authorization: Bearer <jwt>` (HS256 only) and loads the user, so a deactivated user
 * or a changed role takes effect at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /** @throws UnauthorizedException when the user no longer exists or was deactivated */
  async validate(payload: AccessTokenPayload): Promise<AuthUser> {
    const id = Number(payload.sub);
    const user = Number.isInteger(id) ? await this.users.findActive(id) : null;
    if (!user) {
      throw new UnauthorizedException({
        message: 'This account no longer exists or was deactivated',
        code: ErrorCode.Unauthorized,
      });
    }
    return { id: user.id, role: user.role, name: user.name, email: user.email };
  }
}
