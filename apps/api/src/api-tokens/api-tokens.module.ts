import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';

import { UsersModule } from '../users/users.module';
import { ApiToken } from './api-token.entity';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';

/** Personal API tokens; global, since the authentication guard reads them on every request. */
@Global()
@Module({
  controllers: [ApiTokensController],
  exports: [ApiTokensService],
  imports: [MikroOrmModule.forFeature([ApiToken]), UsersModule],
  providers: [ApiTokensService],
})
export class ApiTokensModule {}
