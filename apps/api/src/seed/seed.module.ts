import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { TicketsModule } from '../tickets/tickets.module';
import { SeedService } from './seed.service';

/** Demo data for a fresh install. */
@Module({ exports: [SeedService], imports: [AuthModule, TicketsModule], providers: [SeedService] })
export class SeedModule {}
