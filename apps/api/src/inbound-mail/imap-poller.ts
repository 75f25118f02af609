import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ScheduledJobs } from '../jobs/scheduled-jobs.service';
import { InboundMailPipeline } from './inbound-mail.pipeline';
import { ImapClient, imapTarget, pollMailbox } from './imap-mailbox';
import { InboundSpool } from './inbound-spool';

/**
 * The `inbound.imap_poll` job (every `IMAP_POLL_INTERVAL`, once across replicas through
 * {@link ScheduledJobs}), registered when `IMAP_URL` is set: fetches the unseen messages of the
 * mailbox into the inbound spool and the pipeline the SMTP listener feeds, marking them seen (and
 * moving them to `IMAP_MOVE_TO` when set).
 */
@Injectable()
export class ImapPoller implements OnModuleInit {
  private readonly logger = new Logger('ImapPoller');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: ScheduledJobs,
    private readonly spool: InboundSpool,
    private readonly pipeline: InboundMailPipeline,
  ) {}

  /** Registers the job when `IMAP_URL` is set. */
  onModuleInit(): void {
    if (!this.config.imapUrl) return;
    this.jobs.register({
      name: 'inbound.imap_poll',
      intervalMs: this.config.imapPollIntervalMs,
      run: () => this.poll(),
    });
  }

  /**
   * Polls the mailbox once.
   * @returns how many messages were taken
   */
  async poll(): Promise<number> {
    await this.pipeline.ready();
    const target = imapTarget(this.config.imapUrl);
    // Loaded on the first poll, so installs without IMAP_URL never load it.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: { user: target.user, pass: target.pass },
      logger: false,
    });
    // A reset or timed-out connection is emitted as 'error': without a listener it would end the
    // process. The command under way rejects too, so the poll fails and runs again at its next turn.
    client.on('error', (error: Error) =>
      this.logger.warn(`IMAP connection to ${target.host}:${target.port} failed: ${error.message}`),
    );
    const processing: Array<Promise<unknown>> = [];
    const count = await pollMailbox(
      client as unknown as ImapClient,
      target.mailbox,
      this.config.imapMoveTo,
      async (raw) => {
        const file = await this.spool.store(raw);
        processing.push(this.pipeline.enqueue(file));
      },
    );
    // The job's turn lasts until its messages are processed, so one poll's mail is done before the next.
    await Promise.all(processing);
    if (count) this.logger.log(`took ${count} messages from ${target.host}/${target.mailbox}`);
    return count;
  }
}
