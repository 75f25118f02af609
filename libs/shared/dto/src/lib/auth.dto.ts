import { IsEmail, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';

import { IsLegacyFullName, IsPersonName, IsStrongPassword, NormalizeEmail, Trim } from './validators';
import type {
  LoginRequest,
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  RegisterRequest,
} from '@hd/shared/domain';

/** True when a registration names the person only by the deprecated single `name` (or not at all). */
const usesLegacyName = (dto: RegisterDto): boolean =>
  dto.firstName === undefined && dto.lastName === undefined;

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

  /**
   * 1 to 50 characters after trimming: letters of any script, spaces, hyphens, apostrophes and
   * periods. Required unless the deprecated `name` is sent. @example "Robin"
   */
  @ValidateIf((dto: RegisterDto) => !usesLegacyName(dto))
  @Trim()
  @IsPersonName()
  firstName?: string;

  /** Same rule as `firstName`; required unless the deprecated `name` is sent. @example "Customer" */
  @ValidateIf((dto: RegisterDto) => !usesLegacyName(dto))
  @Trim()
  @IsPersonName()
  lastName?: string;

  /**
   * Deprecated, for clients from before `firstName`/`lastName`: the full name, split on its last
   * space (a single word becomes the first name with an empty last name). Never together with
   * `firstName`/`lastName`.
   * @deprecated
   * @example "Robin Customer"
   */
  @ValidateIf((dto: RegisterDto) => usesLegacyName(dto) || dto.name !== undefined)
  @Trim()
  @IsLegacyFullName()
  name?: string;
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

/** Body of `POST /api/auth/password-reset`. */
export class PasswordResetDto implements PasswordResetRequest {
  /** The account's e-mail address (any case). @example "customer@example.com" */
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;
}

/** Body of `POST /api/auth/password-reset/confirm`: sets a new password with the token of a reset or invitation e-mail. */
export class PasswordResetConfirmDto implements PasswordResetConfirmRequest {
  /** The `token` parameter of the link in the e-mail (single use). @example "q3JzZ0m8pXbH2w1o9kqv7Q5sYtJc4LxN0dFhR6uAeM8" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  token!: string;

  /** 8 to 72 characters, and hard to guess (zxcvbn score 3 or more, the account's e-mail and names counting as guesses). @example "correct horse battery staple" */
  @IsString()
  @IsStrongPassword()
  newPassword!: string;
}
