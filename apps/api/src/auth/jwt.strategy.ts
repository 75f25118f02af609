import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { ACCESS_TOKEN_ALGORITHMS, AccessTokenVerifier } from './access-token.verifier';
import { AccessTokenPayload } from './tokens.service';

/**
 * Reads `Authorization: Bearer <jwt>` for HTTP requests; the checks are {@link AccessTokenVerifier}'s.
 * passport-jwt verifies the signature with the same secret and algorithm; the expiry is checked in
 * {@link validate} by the injectable clock (passport-jwt would measure it by the real time).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: verifier.secret,
      algorithms: ACCESS_TOKEN_ALGORITHMS,
      ignoreExpiration: true,
    });
  }

  /**
   * @throws UnauthorizedException 401 `UNAUTHORIZED` "Access token expired; refresh it" once `exp`
   *   has passed by the clock; when the user no longer exists or was deactivated
   */
  validate(payload: AccessTokenPayload & { exp?: unknown }): Promise<AuthUser> {
    this.verifier.assertUnexpired(payload);
    return this.verifier.userFor(payload);
  }
}
