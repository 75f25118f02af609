import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { Ticket } from '../tickets/ticket.entity';
import { AccountService } from './account.service';
import { User } from './user.entity';
import { UserAdminService } from './user-admin.service';
import { UsersController } from './users.controller';
import { UsersModule } from './users.module';

/**
 * `/api/users`: user administration for admins (audited), the staff list for assignee pickers,
 * and every user's own account (names, password, preferences). Builds on authentication (sessions,
 * passwords, invitation tokens), which builds on `UsersModule`.
 */
@Module({
  controllers: [UsersController],
  imports: [AuditModule, AuthModule, MikroOrmModule.forFeature([Ticket, User]), UsersModule],
  providers: [AccountService, UserAdminService],
})
export class UserManagementModule {}
