import { EntityManager } from '@mikro-orm/knex';
import { ConflictException, Injectable, UnauthorizedException } from '@nestjs/common';

import { AuthResponse, ErrorCode, Role, UserResponse } from '@hd/shared/domain';
import { LoginDto, RegisterDto } from '@hd/shared/dto';

import { User } from '../users/user.entity';
import { toUserResponse } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { PasswordService } from './password.service';
import { TokensService } from './tokens.service';

const BAD_CREDENTIALS = 'E-mail or password is incorrect';

/** Registration, login, token refresh and logout. */
@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokensService,
  ) {}

  /**
   * Creates a customer account and logs it in.
   * @throws ConflictException `EMAIL_TAKEN` when the e-mail belongs to an account already (in any case)
   */
  async register(dto: RegisterDto): Promise<AuthResponse> {
    if (await this.users.findByEmail(dto.email)) throw this.emailTaken();
    const user = this.em.create(User, {
      email: dto.email,
      name: dto.name,
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
   * Logs in with e-mail and password.
   * @throws UnauthorizedException `INVALID_CREDENTIALS`, the same for an unknown e-mail, a wrong password and a deactivated account
   */
  async login(dto: LoginDto): Promise<AuthResponse> {
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.passwords.verify(dto.password, user?.passwordHash);
    if (!user || !valid || !user.active) {
      throw new UnauthorizedException({ message: BAD_CREDENTIALS, code: ErrorCode.InvalidCredentials });
    }
    return this.session(user);
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
