import { EntityManager } from '@mikro-orm/knex';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { HealthResponse } from '@hd/shared/domain';

import { Public } from '../common/decorators/public.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Longest wait for the database's answer in a health check, in ms. */
const HEALTH_TIMEOUT_MS = 800;

/** `/api/health`: liveness and database status, for load balancers and `docker-compose` health checks. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 200 when the database answers `SELECT 1`, 503 otherwise. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Health and database status' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'The database does not answer' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    let up = true;
    try {
      // Health answers within a second whatever the database does (down, frozen, locked).
      await Promise.race([
        this.em.getConnection().execute('select 1'),
        new Promise((_resolve, reject) =>
          setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS).unref(),
        ),
      ]);
    } catch {
      up = false;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    }
    return {
      status: up ? 'ok' : 'degraded',
      database: up ? 'up' : 'down',
      dialect: this.config.dialect,
      uptimeSeconds: Math.round(process.uptime() * 10) / 10,
    };
  }
}
