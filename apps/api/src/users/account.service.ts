import { EntityManager } from '@mikro-orm/knex';
import { Injectable, UnauthorizedException } from '@nestjs/common';

import { Action, ErrorCode, PreferencesResponse, UserResponse } from '@hd/shared/domain';
import { UpdatePreferencesDto, UpdateProfileDto } from '@hd/shared/dto';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { assertAllowed } from '../common/permissions';
import { User } from './user.entity';
import { toPreferences, toUserResponse } from './user.mapper';

/** Every user's own account: profile (names) and notification preferences. */
@Injectable()
export class AccountService {
  constructor(private readonly em: EntityManager) {}

  /** The caller's account. @throws UnauthorizedException 401 when it was deactivated meanwhile */
  async getProfile(userId: number): Promise<UserResponse> {
    return toUserResponse(await this.activeUser(userId));
  }

  /**
   * Changes the caller's names and, for agents and admins, their availability for automatic
   * assignment (omitted fields stay as they are); role, status and e-mail are not theirs to change
   * (the DTO refuses those fields with 400).
   * @throws UnauthorizedException 401 when the account was deactivated meanwhile
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` when a customer sends `available` (nothing is changed)
   */
  async updateProfile(caller: AuthUser, dto: UpdateProfileDto): Promise<UserResponse> {
    const user = await this.activeUser(caller.id);
    if (dto.available !== undefined) assertAllowed(Action.BeAssigned, { ...caller, role: user.role });
    if (dto.firstName !== undefined) user.firstName = dto.firstName;
    if (dto.lastName !== undefined) user.lastName = dto.lastName;
    if (dto.available !== undefined) user.available = dto.available;
    await this.em.flush();
    return toUserResponse(user);
  }

  /** The notification preferences of user `id`. @throws NotFoundError (404) for an unknown user */
  async getPreferences(id: number): Promise<PreferencesResponse> {
    return toPreferences(await this.em.findOneOrFail(User, id));
  }

  /** Changes the fields of `dto` that are set and returns the result. @throws NotFoundError (404) for an unknown user */
  async updatePreferences(id: number, dto: UpdatePreferencesDto): Promise<PreferencesResponse> {
    const user = await this.em.findOneOrFail(User, id);
    if (dto.emailNotifications !== undefined) user.emailNotifications = dto.emailNotifications;
    await this.em.flush();
    return toPreferences(user);
  }

  private async activeUser(id: number): Promise<User> {
    const user = await this.em.findOne(User, { id, active: true });
    if (!user) {
      throw new UnauthorizedException({
        message: 'This account no longer exists or was deactivated',
        code: ErrorCode.Unauthorized,
      });
    }
    return user;
  }
}
