import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { User } from '../users/user.entity';
import { AssignmentPointer } from './assignment-pointer.entity';
import { AutoAssignment } from './auto-assignment.service';

/**
 * Automatic assignment of new tickets ({@link AutoAssignment}). Apart from `AssignmentModule`
 * because ticket creation uses it: `TicketsModule` imports this module, and `AssignmentModule`
 * imports `TicketsModule`.
 */
@Module({
  exports: [AutoAssignment],
  imports: [MikroOrmModule.forFeature([AssignmentPointer, User])],
  providers: [AutoAssignment],
})
export class AutoAssignmentModule {}
