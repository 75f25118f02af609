import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

import { AgentSummary, Role } from '@hd/shared/dto';

import { User } from './user.entity';
import { toAgentSummary } from './user.mapper';

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
   * Users by role for pickers, by name. `agent` lists agents and admins (both can take tickets);
   * no role lists everyone. Only active users.
   */
  async list(role?: Role): Promise<AgentSummary[]> {
    const roles = role === Role.Agent ? [Role.Agent, Role.Admin] : role ? [role] : Object.values(Role);
    const users = await this.em.find(User, { active: true, role: { $in: roles } }, { orderBy: { name: 'asc', id: 'asc' } });
    return users.map(toAgentSummary);
  }
}
