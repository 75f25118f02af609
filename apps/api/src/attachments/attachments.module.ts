import { join } from 'node:path';

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TicketsModule } from '../tickets/tickets.module';
import { ATTACHMENT_STORAGE, LocalDiskAttachmentStorage } from './attachment-storage';
import { Attachment } from './attachment.entity';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsPurgeJob } from './attachments-purge.job';
import { AttachmentsService } from './attachments.service';

/**
 * Ticket attachments: upload, download, previews, linking to replies (`AttachmentsService`, exported
 * for the reply and e-mail channels) and the nightly `attachments.purge` job. The bytes go to the
 * {@link ATTACHMENT_STORAGE}: the local disk under `DATA_DIR/attachments`; bind another
 * `AttachmentStorage` there for an object store.
 */
@Module({
  controllers: [AttachmentsController],
  exports: [AttachmentsService],
  imports: [MikroOrmModule.forFeature([Attachment]), TicketsModule],
  providers: [
    AttachmentsPurgeJob,
    AttachmentsService,
    {
      provide: ATTACHMENT_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskAttachmentStorage(join(config.dataDir, 'attachments')),
    },
  ],
})
export class AttachmentsModule {}
