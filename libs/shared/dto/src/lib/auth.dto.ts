import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

import { NormalizeEmail, IsStrongPassword, Trim } from './validators';
import type { LoginRequest, RegisterRequest } from '@hd/shared/domain';

/** Body of `POST /api/auth/register`: creates a customer account. */
export class RegisterDto implements RegisterRequest {
  /** Stored trimmed and lower-cased; must not belong to another account in any case. @example "new.customer@example.com" */
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  /** 8 to 72 characters, and hard to guess (zxcvbn score 3 or more). @example "correct horse battery staple" */
  @IsString()
  @IsStrongPassword()
  password!: string;

  /** Display name, 1 to 100 characters. @example "Robin Customer" */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;
}

/** Body of `POST /api/auth/login`. */
export class LoginDto implements LoginRequest {
  /** @example "customer@example.com" */
  @NormalizeEmail()
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email!: string;

  /** @example "customer123" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

/** Body of `POST /api/auth/refresh` and `POST /api/auth/logout`. */
export class RefreshTokenDto {
  /** The refresh token from login, register or the last refresh. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken!: string;
}
