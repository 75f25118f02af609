import { EntityManager } from '@mikro-orm/knex';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { InboundMailPipeline } from './inbound-mail.pipeline';
import { InboundSpool } from './inbound-spool';

/** An SMTP reply carried by an error (smtp-server answers with `responseCode` and the message). */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The embedded SMTP listener for inbound mail (`INBOUND_SMTP_PORT` on `INBOUND_SMTP_HOST`), meant
 * to sit behind the organisation's MTA, never directly on the internet: it has no AUTH and no
 * STARTTLS (both commands are disabled). It takes mail for `INBOUND_ADDRESS` only (550 for any
 * other recipient, RFC 5321 section 3.3), refuses messages over `INBOUND_MAX_BYTES` with 552
 * (advertised as `SIZE`, RFC 1870, and checked on the data), and under
 * `INBOUND_UNKNOWN_SENDERS=reject` refuses with 550 an envelope sender that has no active account.
 *
 * A message is answered 250 only once it is safely on disk (see {@link InboundSpool}, with a
 * `Return-Path` header holding the envelope sender, as RFC 5321 section 4.4 has the final
 * delivery add), and processed after that; a failure to store it answers 451 so the sending MTA
 * tries again. Starts once the database is migrated; stops before the application shuts down.
 * One replica should set the port: each process binds its own listener.
 */
@Injectable()
export class InboundSmtpListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InboundSmtp');
  private server: SMTPServer | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pipeline: InboundMailPipeline,
    private readonly spool: InboundSpool,
    private readonly em: EntityManager,
  ) {}

  /** Starts listening (when `INBOUND_SMTP_PORT` is set) once the pipeline is ready. */
  onApplicationBootstrap(): void {
    if (this.config.inboundSmtpPort === null) return;
    this.starting = this.start().catch((error: unknown) =>
      this.logger.error(
        `inbound SMTP listener failed to start: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /** Stops taking connections; a message being received is answered first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((done) => server.close(() => done()));
  }

  private async start(): Promise<void> {
    await this.pipeline.ready();
    // Loaded only when INBOUND_SMTP_PORT is set.
    const { SMTPServer } = await import('smtp-server');
    if (this.stopped) return;
    const { inboundSmtpPort: port, inboundSmtpHost: host, inboundMaxBytes: size } = this.config;
    const server = new SMTPServer({
      name: new URL(this.config.appUrl).hostname || 'localhost',
      banner: 'Helpdesk inbound mail',
      size,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onMailFrom: (address, _session, callback) => {
        this.checkSender(address).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
      onRcptTo: (address, _session, callback) => {
        if (address.address.trim().toLowerCase() === this.config.inboundAddress) return callback();
        this.pipeline.count('refused_recipient');
        callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    server.on('error', (error) => this.logger.warn(`inbound SMTP: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port ?? 0, host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`inbound SMTP listening on ${host}:${port} for ${this.config.inboundAddress}`);
  }

  /** Under `INBOUND_UNKNOWN_SENDERS=reject`, refuses (550) an envelope sender without an active account. */
  private async checkSender(address: SMTPServerAddress): Promise<void> {
    if (this.config.inboundUnknownSenders !== 'reject' || !address.address) return;
    const email = address.address.trim().toLowerCase();
    const user = await this.em.fork().findOne(User, { email, active: true });
    if (user) return;
    this.pipeline.count('refused_sender');
    this.logger.warn(`inbound SMTP: refused mail from ${email}: no account (INBOUND_UNKNOWN_SENDERS=reject)`);
    throw smtpError(550, `5.7.1 <${email}>: only mail from registered users is accepted`);
  }

  /** Reads the message (up to the size limit), spools it, answers, then hands it to the pipeline. */
  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): void {
    const chunks: Buffer[] = [];
    let length = 0;
    stream.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= this.config.inboundMaxBytes) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        this.pipeline.count('refused_size');
        this.logger.warn(`inbound SMTP: refused a message of more than ${this.config.inboundMaxBytes} bytes`);
        return callback(
          smtpError(
            552,
            `5.3.4 Message exceeds the fixed maximum message size (${this.config.inboundMaxBytes} bytes)`,
          ),
        );
      }
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      const raw = Buffer.concat([Buffer.from(`Return-Path: <${envelopeFrom}>\r\n`), ...chunks]);
      this.spool.store(raw).then(
        (file) => {
          callback();
          void this.pipeline.enqueue(file);
        },
        (error: unknown) => {
          this.logger.error(
            `inbound SMTP: could not store a message: ${error instanceof Error ? error.message : String(error)}`,
          );
          callback(smtpError(451, '4.3.0 Could not store the message; try again later'));
        },
      );
    });
  }
}
