import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { ActiveUsersCache } from './active-users.cache';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Users: the entity, look-ups for other modules and the cache of active users (authentication builds on them). The HTTP API of
 * users is `UserManagementModule`'s, which builds on authentication in turn.
 */
@Module({
  exports: [ActiveUsersCache, UsersService],
  imports: [MikroOrmModule.forFeature([User])],
  providers: [ActiveUsersCache, UsersService],
})
export class UsersModule {}
