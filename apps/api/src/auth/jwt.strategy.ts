import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { ACCESS_TOKEN_ALGORITHMS, AccessTokenVerifier } from './access-token.verifier';
import { AccessTokenPayload } from './tokens.service';

/**
 * Reads `Authorization: Bearer <jwt>` for HTTP requests; the checks are {@link AccessTokenVerifier}'s
 * (passport-jwt verifies the signature and expiry with the same secret and algorithm).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: verifier.secret,
      algorithms: ACCESS_TOKEN_ALGORITHMS,
      ignoreExpiration: false,
    });
  }

  /** @throws UnauthorizedException when the user no longer exists or was deactivated */
  validate(payload: AccessTokenPayload): Promise<AuthUser> {
    return this.verifier.userFor(payload);
  }
}
