import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { ScheduledJobs } from '../jobs/scheduled-jobs.service';
import { ATTACHMENT_STORAGE, AttachmentStorage } from './attachment-storage';
import { Attachment } from './attachment.entity';
import { PREVIEW_SUFFIX } from './attachments.service';

/** How often {@link AttachmentsPurgeJob} runs, in ms (daily). */
export const ATTACHMENT_PURGE_INTERVAL_MS = 24 * 60 * 60_000;

/** How long an upload never sent with a reply, or the files of a deleted ticket, are kept, in ms (30 days). */
export const ATTACHMENT_RETENTION_MS = 30 * 24 * 60 * 60_000;

/**
 * A blob stored (again) less than this long ago, in ms (1 h), is never purged; a temporary file of
 * an upload last written longer ago than this was left by a process that stopped mid-upload.
 */
const RECENTLY_STORED_MS = 60 * 60_000;

/** Most rows one batch deletes. */
const BATCH_SIZE = 500;

/**
 * The `attachments.purge` job (daily, once across replicas): deletes the files no ticket refers to
 * any more after 30 days: uploads never sent with a reply that are older than that, and every file
 * of a ticket soft-deleted more than 30 days ago. Rows go first, in batches; a blob goes only when
 * no remaining row refers to its SHA-256 (another upload of the same bytes keeps it). It also sweeps
 * the storage's temporary files last written more than an hour before the run (an upload streams
 * into one while it is hashed; a process that stopped mid-upload leaves it behind).
 */
@Injectable()
export class AttachmentsPurgeJob implements OnModuleInit {
  private readonly logger = new Logger('AttachmentsPurgeJob');

  constructor(
    private readonly jobs: ScheduledJobs,
    private readonly em: EntityManager,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {}

  /** Registers the job with {@link ScheduledJobs}. */
  onModuleInit(): void {
    this.jobs.register({
      name: 'attachments.purge',
      intervalMs: ATTACHMENT_PURGE_INTERVAL_MS,
      run: (now, stopping) => this.run(now, stopping),
    });
  }

  /**
   * Deletes what expired before `now` (the clock's time) minus 30 days, and the temporary files
   * last written before `now` minus an hour; once `stopping` fires, no further than the batch under
   * way (the next run takes the rest).
   * @returns how many rows, blobs and temporary files were deleted
   */
  async run(now: Date, stopping?: AbortSignal): Promise<{ rows: number; blobs: number; tempFiles: number }> {
    const em = this.em.fork();
    const cutoff = new Date(now.getTime() - ATTACHMENT_RETENTION_MS);
    let rows = 0;
    let blobs = 0;
    for (;;) {
      const batch = await em.find(
        Attachment,
        {
          $or: [
            { reply: null, createdAt: { $lt: cutoff } },
            { ticket: { deletedAt: { $ne: null, $lt: cutoff } } },
          ],
        },
        { fields: ['id', 'sha256', 'storageKey'], limit: BATCH_SIZE, filters: false, orderBy: { id: 'asc' } },
      );
      if (!batch.length) break;
      rows += await em.nativeDelete(Attachment, { id: { $in: batch.map((row) => row.id) } });
      const keys = new Map(batch.map((row) => [row.sha256, row.storageKey]));
      // A blob stored again in the last hour is being uploaded anew: its row may not exist yet.
      const unchangedSince = new Date(now.getTime() - RECENTLY_STORED_MS);
      for (const [sha256, key] of keys) {
        if (await em.count(Attachment, { sha256 }, { filters: false })) continue;
        if (await this.storage.delete(key, [PREVIEW_SUFFIX], { unchangedSince })) blobs++;
      }
      em.clear();
      if (batch.length < BATCH_SIZE || stopping?.aborted) break;
    }
    if (rows) this.logger.log(`purged ${rows} attachments and ${blobs} files`);
    const tempFiles = await this.storage.deleteStaleTemp(new Date(now.getTime() - RECENTLY_STORED_MS));
    if (tempFiles) this.logger.log(`deleted ${tempFiles} temporary files of unfinished uploads`);
    return { rows, blobs, tempFiles };
  }
}
