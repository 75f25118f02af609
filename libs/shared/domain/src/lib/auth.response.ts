import { UserResponse } from './users.response';

/** Returned by register, login and refresh. */
export class AuthResponse {
  user!: UserResponse;
  /** A JWT (HS256) with `sub` and `role`; send it as `Authorization: Bearer <token>`. Lives `JWT_ACCESS_TTL` (15 minutes by default). */
  accessToken!: string;
  /** Opaque; trade it once at `POST /api/auth/refresh` for a new pair. Lives `JWT_REFRESH_TTL` (7 days by default). */
  refreshToken!: string;
}

/**
 * `POST /api/auth/password-reset`: the same answer whether or not the e-mail belongs to an account,
 * so the answer tells nobody which addresses have one.
 */
export class PasswordResetRequestedResponse {
  /** @example "If an active account uses this e-mail address, a link to reset its password is on its way." */
  message!: string;
}
