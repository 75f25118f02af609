import { EntityManager } from '@mikro-orm/knex';
import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { ErrorResponse, HealthResponse } from '@hd/shared/domain';

import { Public } from '../common/decorators/public.decorator';
import { SkipRateLimit } from '../common/decorators/skip-rate-limit.decorator';
import { shapeError } from '../common/filters/error-body';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LivenessResponse, ReadinessResponse } from './health-probes.response';
import { HealthService } from './health.service';

/** Longest wait for the database's answer in a health check, in ms. */
const HEALTH_TIMEOUT_MS = 800;

/**
 * `/api/health`: liveness and database status, for load balancers and `docker-compose` health
 * checks; `/api/health/live` and `/api/health/ready` for orchestrators' liveness and readiness probes.
 */
@ApiTags('health')
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthService,
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

  /** Liveness: 200 `{status: 'ok'}` whenever the process serves HTTP; touches no dependency. */
  @Public()
  @Get('live')
  @ApiOperation({
    summary: 'Liveness probe',
    description:
      'Answers while the process serves HTTP; checks no dependency (restart the process only when this fails).',
  })
  @ApiOkResponse({ type: LivenessResponse })
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  /**
   * Readiness: 200 when every dependency answers within `DB_TIMEOUT` (the database; Redis when
   * configured), else 503 in the API's error shape (`DATABASE_UNAVAILABLE` for the database). The
   * 503 is answered here rather than thrown, so a polling orchestrator does not fill the error log.
   */
  @Public()
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness probe',
    description:
      'Whether this process may receive traffic: the database answers (and Redis, when configured), ' +
      'each within `DB_TIMEOUT`, and the process is not shutting down.',
  })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({
    type: ErrorResponse,
    description:
      'A dependency does not answer (`DATABASE_UNAVAILABLE`, `REDIS_UNAVAILABLE`), or the process is shutting down (`SHUTTING_DOWN`)',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse | ErrorResponse> {
    try {
      return await this.health.readiness();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { status, body } = shapeError(error);
      void reply.status(status);
      return body;
    }
  }
}
