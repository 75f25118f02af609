import { UserResponse } from './users.response';

/** Returned by register, login and refresh. */
export class AuthResponse {
  user!: UserResponse;
  /** A JWT (HS256) with `sub` and `role`; send it as `Authorization: Bearer <token>`. Lives `JWT_ACCESS_TTL` (15 minutes by default). */
  accessToken!: string;
  /** Opaque; trade it once at `POST /api/auth/refresh` for a new pair. Lives `JWT_REFRESH_TTL` (7 days by default). */
  refreshToken!: string;
}
