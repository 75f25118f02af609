import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookDelivery } from './webhook-delivery.entity';
import { Webhook } from './webhook.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksListener } from './webhooks.listener';
import { WebhooksService } from './webhooks.service';

/**
 * Outgoing, signed webhooks: admin API (its changes audited), the transactional webhook outbox and
 * its delivery worker.
 */
@Module({
  controllers: [WebhooksController],
  exports: [WebhookDeliveryWorker],
  imports: [AuditModule, MikroOrmModule.forFeature([Webhook, WebhookDelivery])],
  providers: [WebhookDeliveryWorker, WebhooksListener, WebhooksService],
})
export class WebhooksModule {}
