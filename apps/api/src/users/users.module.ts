import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users: the entity, lookups for other modules, and the staff-only user list. */
@Module({
  controllers: [UsersController],
  exports: [UsersService],
  imports: [MikroOrmModule.forFeature([User])],
  providers: [UsersService],
})
export class UsersModule {}
