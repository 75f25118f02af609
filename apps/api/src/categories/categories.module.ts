import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { CategoriesController } from './categories.controller';
import { CategoriesService } from './categories.service';
import { Category } from './category.entity';

/** Ticket categories managed by admins; exports the service so tickets can check a slug. */
@Module({
  controllers: [CategoriesController],
  exports: [CategoriesService],
  imports: [AuditModule, MikroOrmModule.forFeature([Category])],
  providers: [CategoriesService],
})
export class CategoriesModule {}
