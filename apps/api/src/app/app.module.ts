import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';

import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { AssignmentModule } from '../assignment/assignment.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CannedResponsesModule } from '../canned-responses/canned-responses.module';
import { CategoriesModule } from '../categories/categories.module';
import { ClockControlModule } from '../clock-control/clock-control.module';
import { AllExceptionsFilter } from '../common/filters/all-exceptions.filter';
import { ApiRateLimitGuard } from '../common/guards/api-rate-limit.guard';
import { ApiTokenScopeGuard } from '../common/guards/api-token-scope.guard';
import { JwtAuthGuard } from '../common/guards/jwt-auth.guard';
import { PermissionsGuard } from '../common/guards/permissions.guard';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { createOrmOptions } from '../config/mikro-orm.options';
import { HealthModule } from '../health/health.module';
import { TicketHistoryModule } from '../history/ticket-history.module';
import { InboundMailModule } from '../inbound-mail/inbound-mail.module';
import { JobsModule } from '../jobs/jobs.module';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RedisModule } from '../redis/redis.module';
import { RepliesModule } from '../replies/replies.module';
import { ReportsModule } from '../reports/reports.module';
import { SeedModule } from '../seed/seed.module';
import { SettingsModule } from '../settings/settings.module';
import { SlaModule } from '../sla/sla.module';
import { TicketsModule } from '../tickets/tickets.module';
import { UserManagementModule } from '../users/user-management.module';
import { UsersModule } from '../users/users.module';
import { WebhooksModule } from '../webhooks/webhooks.module';

/** The root module; every route needs an access token (see `@Public()`) and passes the role guard. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      imports: [
        ApiTokensModule,
        AssignmentModule,
        AttachmentsModule,
        AuditModule,
        AuthModule,
        CannedResponsesModule,
        CategoriesModule,
        ClockControlModule.forRoot(config),
        ConfigModule.forRoot(config),
        EventEmitterModule.forRoot({ wildcard: false }),
        HealthModule,
        InboundMailModule,
        JobsModule,
        MikroOrmModule.forRootAsync({
          // The request context comes from a Fastify hook in createApp, which Nest middleware cannot give on Fastify.
          useFactory: () => ({
            ...createOrmOptions(config),
            entities: [],
            autoLoadEntities: true,
            registerRequestContext: false,
          }),
        }),
        MetricsModule,
        NotificationsModule,
        RedisModule,
        RepliesModule,
        ReportsModule,
        SeedModule,
        SettingsModule,
        SlaModule,
        TicketHistoryModule,
        TicketsModule,
        UserManagementModule,
        UsersModule,
        WebhooksModule,
      ],
      module: AppModule,
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: ApiTokenScopeGuard },
        { provide: APP_GUARD, useClass: ApiRateLimitGuard },
        { provide: APP_GUARD, useClass: PermissionsGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
