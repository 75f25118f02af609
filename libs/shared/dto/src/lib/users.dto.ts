import { IsBoolean, IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

import { Role } from '@hd/shared/domain';
import { PageQueryDto } from './pagination.dto';
import {
  IsOptionalNotNull,
  IsPersonName,
  IsStrongPassword,
  NormalizeEmail,
  QueryBoolean,
  Trim,
} from './validators';
import type {
  ChangePasswordRequest,
  CreateUserRequest,
  UpdateProfileRequest,
  UpdateUserRequest,
} from '@hd/shared/domain';

/**
 * Query of `GET /api/users`. Admins list everyone; agents only ever get active agents and admins
 * (the staff who can be assigned), whatever they ask.
 */
export class ListUsersQueryDto extends PageQueryDto {
  /** Only users with this role; `agent` also lists admins, who can take tickets too. */
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  /** `true`: only active users; `false`: only deactivated ones; absent: both (agents: always active only). */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  active?: boolean;

  /** Case-insensitive substring of the full name or the e-mail. @example "ada" */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  q?: string;
}

/** Body of `POST /api/users` (admin). */
export class CreateUserDto implements CreateUserRequest {
  /** Stored trimmed and lower-cased; must not belong to another account in any case. @example "sam.support@example.com" */
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  /** 1 to 50 characters after trimming: letters of any script, spaces, hyphens, apostrophes and periods. @example "Sam" */
  @Trim()
  @IsPersonName()
  firstName!: string;

  /** Same rule as `firstName`. @example "Support" */
  @Trim()
  @IsPersonName()
  lastName!: string;

  /** @example "agent" */
  @IsEnum(Role)
  role!: Role;

  /**
   * Optional initial password (8 to 72 characters, hard to guess). Without it the user is e-mailed
   * an invitation link, valid for 72 hours, to choose one. @example "correct horse battery staple"
   */
  @IsOptional()
  @IsString()
  @IsStrongPassword()
  password?: string;
}

/** Body of `PATCH /api/users/:id` (admin); omitted fields stay as they are. */
export class UpdateUserDto implements UpdateUserRequest {
  /** Same rule as at creation. @example "Samantha" */
  @IsOptionalNotNull()
  @Trim()
  @IsPersonName()
  firstName?: string;

  /** Same rule as at creation. @example "Support" */
  @IsOptionalNotNull()
  @Trim()
  @IsPersonName()
  lastName?: string;

  /** Stored trimmed and lower-cased; 409 `EMAIL_TAKEN` when another account has it. @example "sam@example.com" */
  @IsOptionalNotNull()
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email?: string;

  /** A new role; takes effect on the user's next request. An admin cannot change their own. @example "admin" */
  @IsOptionalNotNull()
  @IsEnum(Role)
  role?: Role;

  /**
   * `false` deactivates the user: their sessions end at once (refresh tokens revoked, access tokens
   * and sockets refused); their tickets stay assigned. `true` reactivates them. @example false
   */
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

/** Body of `PATCH /api/users/me`: one's own names and availability; omitted fields stay as they are. */
export class UpdateProfileDto implements UpdateProfileRequest {
  /** 1 to 50 characters after trimming: letters of any script, spaces, hyphens, apostrophes and periods. @example "Casey" */
  @IsOptionalNotNull()
  @Trim()
  @IsPersonName()
  firstName?: string;

  /** Same rule as `firstName`. @example "Customer" */
  @IsOptionalNotNull()
  @Trim()
  @IsPersonName()
  lastName?: string;

  /**
   * Agents and admins: `true` lets automatic assignment (round robin, least loaded) give them new
   * tickets, `false` stops it (tickets already assigned stay). A customer sending it gets 403
   * `ROLE_FORBIDDEN`. @example false
   */
  @IsOptionalNotNull()
  @IsBoolean()
  available?: boolean;
}

/** Body of `POST /api/users/me/password`. */
export class ChangePasswordDto implements ChangePasswordRequest {
  /** The password in use now; 400 `WRONG_PASSWORD` when it does not match. @example "customer123" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword!: string;

  /** 8 to 72 characters, and hard to guess (zxcvbn score 3 or more; the account's e-mail, names and current password count as guesses). @example "correct horse battery staple" */
  @IsString()
  @IsStrongPassword()
  newPassword!: string;
}
