import { Global, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

import { installHttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics: the {@link MetricsService} (global, so the socket gateway and the outbox
 * worker report to it without importing this module), `GET /metrics`, and the Fastify hook that
 * times every HTTP request.
 */
@Global()
@Module({
  controllers: [MetricsController],
  exports: [MetricsService],
  providers: [MetricsService, MetricsTokenGuard],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {}

  /** Installs the request timing hook (before the server listens; without an HTTP adapter, nothing). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (fastify) installHttpMetrics(fastify, this.metrics);
  }
}
