import { EntityManager } from '@mikro-orm/knex';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import {
  AuthResponse,
  ErrorCode,
  loadPasswordPolicy,
  PasswordResetRequestedResponse,
  PersonName,
  Role,
  splitFullName,
  UserResponse,
} from '@hd/shared/domain';
import { ChangePasswordDto, LoginDto, PasswordResetConfirmDto, RegisterDto } from '@hd/shared/dto';

import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { User } from '../users/user.entity';
import { UserEvents, UserPasswordChangedEvent } from '../users/user.events';
import { toUserResponse } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { passwordLink, renderPasswordResetEmail } from './auth-mail.content';
import { PasswordTokensService } from './password-tokens.service';
import { LoginClient, LoginProtection } from './login-protection.service';
import { PasswordService } from './password.service';
import { TokensService } from './tokens.service';

const BAD_CREDENTIALS = 'E-mail or password is incorrect';

/** The one answer of `POST /api/auth/password-reset`, whether or not the address has an account. */
export const PASSWORD_RESET_REQUESTED: PasswordResetRequestedResponse = {
  message: 'If an active account uses this e-mail address, a link to reset its password is on its way.',
};

/** The names of a validated registration: `firstName`/`lastName`, or the deprecated `name` split on its last space. */
export function registrationNames(dto: RegisterDto): PersonName {
  if (dto.firstName !== undefined || dto.lastName !== undefined) {
    return { firstName: dto.firstName ?? '', lastName: dto.lastName ?? '' };
  }
  return splitFullName(dto.name ?? '');
}

/** Registration, login, token refresh and logout; password resets (and invitations) and password changes. */
@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokensService,
    private readonly passwordTokens: PasswordTokensService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly protection: LoginProtection,
  ) {}

  /**
   * Creates a customer account and logs it in. The names are `firstName`/`lastName`, or the
   * deprecated `name` split on its last space (see {@link registrationNames}).
   * @throws ConflictException `EMAIL_TAKEN` when the e-mail belongs to an account already (in any case)
   */
  async register(dto: RegisterDto): Promise<AuthResponse> {
    if (await this.users.findByEmail(dto.email)) throw this.emailTaken();
    const { firstName, lastName } = registrationNames(dto);
    const user = this.em.create(User, {
      email: dto.email,
      firstName,
      lastName,
      role: Role.Customer,
      passwordHash: await this.passwords.hash(dto.password),
      active: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    try {
      await this.em.persistAndFlush(user);
    } catch (error) {
      // Two registrations of one e-mail at once: the unique index decides.
      if ((error as { name?: string }).name === 'UniqueConstraintViolationException') throw this.emailTaken();
      throw error;
    }
    return this.session(user);
  }

  /**
   * Logs in with e-mail and password, guarded by {@link LoginProtection} (failures per IP, back-off
   * per account, known devices exempt).
   * @param client the client's address and the known-device cookie it sent
   * @returns the session, and the known-device cookie value to set (a new one on every success)
   * @throws UnauthorizedException `INVALID_CREDENTIALS`, the same for an unknown e-mail, a wrong password and a deactivated account
   * @throws HttpException 429 `RATE_LIMITED` (with `Retry-After`) while the address, the account or the device backs off
   */
  async login(dto: LoginDto, client: LoginClient): Promise<{ auth: AuthResponse; deviceCookie: string }> {
    const device = this.protection.knownDevice(client.deviceCookie, dto.email);
    await this.protection.check(dto.email, client, device);
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.passwords.verify(dto.password, user?.passwordHash);
    if (!user || !valid || !user.active) {
      await this.protection.failed(dto.email, client, device);
      throw new UnauthorizedException({ message: BAD_CREDENTIALS, code: ErrorCode.InvalidCredentials });
    }
    await this.protection.succeeded(dto.email, device);
    return { auth: await this.session(user), deviceCookie: this.protection.issueDevice(dto.email) };
  }

  /** Trades a refresh token for a new pair; see {@link TokensService.rotate} for the 401s. */
  async refresh(refreshToken: string): Promise<AuthResponse> {
    const { user, tokens } = await this.tokens.rotate(refreshToken);
    return { user: toUserResponse(user), ...tokens };
  }

  /** Ends the session of `refreshToken` when it is the caller's; idempotent. */
  logout(refreshToken: string, userId: number): Promise<void> {
    return this.tokens.revoke(refreshToken, userId);
  }

  /** Ends every session of `userId` (log out everywhere). */
  async logoutAll(userId: number): Promise<void> {
    await this.tokens.revokeAll(userId);
  }

  /** The caller's account. @throws UnauthorizedException when it was deactivated meanwhile */
  async me(userId: number): Promise<UserResponse> {
    const user = await this.users.findActive(userId);
    if (!user)
      throw new UnauthorizedException({
        message: 'This account no longer exists or was deactivated',
        code: ErrorCode.Unauthorized,
      });
    return toUserResponse(user);
  }

  /**
   * Starts a password reset: for an active account with this e-mail, stores a token (1 hour, single
   * use) and queues the e-mail with the link `APP_URL/auth/reset?token=...` in the same flush. For
   * an unknown or deactivated address it does nothing. Either way it answers the same, so the answer
   * tells nobody which addresses have an account.
   */
  async requestPasswordReset(email: string): Promise<PasswordResetRequestedResponse> {
    const user = await this.users.findByEmail(email);
    if (user?.active) {
      const token = this.passwordTokens.issue(user, 'reset');
      const now = this.clock.now();
      const mail = renderPasswordResetEmail(user.name, passwordLink(this.config.appUrl, token, false));
      this.em.create(OutboxMessage, {
        to: user.email,
        ...mail,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
      await this.em.flush();
    }
    return PASSWORD_RESET_REQUESTED;
  }

  /**
   * Sets a new password with the token of a reset or invitation e-mail. The token is used up, the
   * user's other tokens voided and every session of the user ended (a reset is the way back in after
   * losing control of the account); the user then logs in with the new password.
   * @throws BadRequestException 400 `INVALID_TOKEN` for an unknown, used or expired token, or a deactivated user
   * @throws BadRequestException 400 `VALIDATION_FAILED` when the password is too easy to guess for this account (the token stays usable)
   */
  async confirmPasswordReset(dto: PasswordResetConfirmDto): Promise<void> {
    const stored = await this.passwordTokens.findUsable(dto.token);
    const user = stored.user;
    await this.assertStrongFor(user, dto.newPassword, 'newPassword');
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.em.transactional(async () => {
      await this.passwordTokens.consume(stored);
      await this.em.nativeUpdate(User, { id: user.id }, { passwordHash, updatedAt: this.clock.now() });
      await this.tokens.revokeAll(user.id);
    });
    const event: UserPasswordChangedEvent = { userId: user.id };
    this.events.emit(UserEvents.PasswordChanged, event);
  }

  /**
   * Changes the caller's password. Every other session of the caller ends (refresh tokens revoked,
   * sockets closed); the session of the access token used stays, when the token names it (`sid`),
   * otherwise every session ends. Outstanding reset and invitation links stop working.
   * @throws UnauthorizedException 401 when the account was deactivated meanwhile
   * @throws BadRequestException 400 `WRONG_PASSWORD` when `currentPassword` does not match
   * @throws BadRequestException 400 `VALIDATION_FAILED` when the new password is too easy to guess for this account
   */
  async changePassword(caller: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.findActive(caller.id);
    if (!user) {
      throw new UnauthorizedException({
        message: 'This account no longer exists or was deactivated',
        code: ErrorCode.Unauthorized,
      });
    }
    if (!(await this.passwords.verify(dto.currentPassword, user.passwordHash))) {
      throw new BadRequestException({
        message: 'The current password is not correct',
        code: ErrorCode.WrongPassword,
        errors: { currentPassword: ['The current password is not correct'] },
      });
    }
    await this.assertStrongFor(user, dto.newPassword, 'newPassword', [dto.currentPassword]);
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.em.transactional(async () => {
      await this.em.nativeUpdate(User, { id: user.id }, { passwordHash, updatedAt: this.clock.now() });
      await this.tokens.revokeAll(user.id, caller.sessionId);
      await this.passwordTokens.voidAll(user.id);
    });
    const event: UserPasswordChangedEvent = { userId: user.id, keepSessionId: caller.sessionId };
    this.events.emit(UserEvents.PasswordChanged, event);
  }

  /**
   * Checks a new password against the policy with the account's e-mail and names as easy guesses
   * (the DTO already checked it without them).
   * @throws BadRequestException 400 `VALIDATION_FAILED` naming `field`, with the reason
   */
  private async assertStrongFor(
    user: User,
    password: string,
    field: string,
    moreInputs: string[] = [],
  ): Promise<void> {
    const { evaluatePassword } = await loadPasswordPolicy();
    const verdict = evaluatePassword(password, [user.email, user.firstName, user.lastName, ...moreInputs]);
    if (verdict.acceptable) return;
    const reason = verdict.reason ?? 'Password is too easy to guess';
    throw new BadRequestException({
      message: reason,
      code: ErrorCode.ValidationFailed,
      errors: { [field]: [reason] },
    });
  }

  private async session(user: User): Promise<AuthResponse> {
    return { user: toUserResponse(user), ...(await this.tokens.issue(user)) };
  }

  private emailTaken(): ConflictException {
    return new ConflictException({
      message: 'An account with this e-mail already exists',
      code: ErrorCode.EmailTaken,
      errors: { email: ['An account with this e-mail already exists'] },
    });
  }
}
