import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

import { Action, AgentSummary, PreferencesResponse, Role, ROLES, rolesAllowedTo } from '@hd/shared/domain';
import { UpdatePreferencesDto } from '@hd/shared/dto';

import { User } from './user.entity';
import { toAgentSummary, toPreferences } from './user.mapper';

/** Reads users for the other modules and the pickers. */
@Injectable()
export class UsersService {
  constructor(private readonly em: EntityManager) {}

  /** The active user with this id, or null (deactivated or unknown). */
  findActive(id: number): Promise<User | null> {
    return this.em.findOne(User, { id, active: true });
  }

  /** The user with this (already normalised) e-mail, or null. */
  findByEmail(email: string): Promise<User | null> {
    return this.em.findOne(User, { email });
  }

  /**
   * Users by role for pickers, by name. `agent` lists everyone who can be assigned a ticket (agents
   * and admins, from the permission table); no role lists everyone. Only active users.
   */
  async list(role?: Role): Promise<AgentSummary[]> {
    const roles = role === Role.Agent ? rolesAllowedTo(Action.BeAssigned) : role ? [role] : ROLES;
    const users = await this.em.find(
      User,
      { active: true, role: { $in: roles } },
      { orderBy: { name: 'asc', id: 'asc' } },
    );
    return users.map(toAgentSummary);
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
}
