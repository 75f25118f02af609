import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Users: the entity and look-ups for other modules (authentication builds on it). The HTTP API of
 * users is `UserManagementModule`'s, which builds on authentication in turn.
 */
@Module({
  exports: [UsersService],
  imports: [MikroOrmModule.forFeature([User])],
  providers: [UsersService],
})
export class UsersModule {}
