import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

import { User } from './user.entity';

/** Reads users for the other modules (authentication, notifications). */
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
}
