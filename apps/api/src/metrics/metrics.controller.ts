import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Registry } from 'prom-client';

import { ErrorResponse } from '@hd/shared/domain';

import { Public } from '../common/decorators/public.decorator';
import { SkipRateLimit } from '../common/decorators/skip-rate-limit.decorator';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsService } from './metrics.service';

/**
 * `/metrics` (outside the `/api` prefix, like `/docs`): the Prometheus scrape endpoint. Needs no
 * access token; when `METRICS_TOKEN` is set it needs `Authorization: Bearer <METRICS_TOKEN>`.
 */
@ApiTags('metrics')
@Public()
@SkipRateLimit()
@UseGuards(MetricsTokenGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Every metric (see {@link MetricsService}) in Prometheus text format 0.0.4. */
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'HTTP request durations by route template, open sockets, e-mails sent and failed, the outbox, ' +
      'the database pool, event loop lag and memory. With `METRICS_TOKEN` set, send it as ' +
      '`Authorization: Bearer <METRICS_TOKEN>` (not an access token).',
  })
  @ApiBearerAuth()
  @ApiOkResponse({
    description: 'The metrics in Prometheus text format',
    content: {
      [Registry.PROMETHEUS_CONTENT_TYPE]: {
        schema: {
          type: 'string',
          example:
            '# HELP helpdesk_outbox_pending_messages E-mails waiting to be sent\n' +
            '# TYPE helpdesk_outbox_pending_messages gauge\nhelpdesk_outbox_pending_messages 0\n',
        },
      },
    },
  })
  @ApiUnauthorizedResponse({
    type: ErrorResponse,
    description: '`METRICS_TOKEN` is set and the request does not carry it',
  })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
