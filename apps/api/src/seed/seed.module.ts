import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { SeedService } from './seed.service';

/** Demo data for a fresh install. */
@Module({ exports: [SeedService], imports: [AuthModule], providers: [SeedService] })
export class SeedModule {}
