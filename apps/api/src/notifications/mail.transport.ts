import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Transporter, createTransport } from 'nodemailer';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OutboxMessage } from './outbox-message.entity';

/** The domain of the helpdesk's Message-IDs: `APP_URL`'s host name (`localhost` when it has none). */
export function messageIdDomain(appUrl: string): string {
  return new URL(appUrl).hostname || 'localhost';
}

/**
 * The Message-ID of an outbox message, `<outbox-<id>-<created at, ms>@<domain>>`: the same on every
 * attempt, and how an e-mail reply finds the message (and so its ticket) again.
 */
export function outboxMessageId(message: Pick<OutboxMessage, 'id' | 'createdAt'>, domain: string): string {
  return `<outbox-${message.id}-${message.createdAt.getTime()}@${domain}>`;
}

/**
 * The Message-ID of a ticket's thread root, `<ticket-<id>@<domain>>`: no mail carries it, but every
 * notification of the ticket names it in `In-Reply-To`/`References`, so mail clients show them as one
 * conversation and a reply to any of them leads back to the ticket.
 */
export function ticketThreadId(ticketId: number, domain: string): string {
  return `<ticket-${ticketId}@${domain}>`;
}

/** SMTP timeouts, in ms; all well under the outbox lease, so a hung server cannot outlive a claim. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Sends one outbox message: over SMTP to `SMTP_URL`, or, when it is unset, as an RFC 822 file
 * `<DATA_DIR>/mail/outbox-<id>.eml` (written atomically; a resend overwrites the same file).
 * Every message carries a `Message-ID` derived from its outbox row, the same on every attempt,
 * so a receiver can drop the duplicate that a crash between sending and recording could cause.
 * Mail about a ticket names the ticket's thread root in `In-Reply-To` and `References` (RFC 5322
 * section 3.6.4), and, with `INBOUND_ADDRESS` set, every message has it as `Reply-To`, so answers
 * reach the inbound e-mail channel.
 *
 * SMTP connections are pooled: up to `SMTP_POOL_SIZE` stay open and carry messages in parallel,
 * each replaced after `SMTP_MAX_MESSAGES` messages; calls to {@link send} beyond that wait in the
 * pool's queue. Connections open on demand and close after 4 minutes idle (nodemailer's default).
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;
  private readonly mailDir: string | null;
  private readonly domain: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.domain = messageIdDomain(config.appUrl);
    if (config.smtpUrl) {
      this.transporter = createTransport({
        url: config.smtpUrl,
        pool: true,
        maxConnections: config.smtpPoolSize,
        maxMessages: config.smtpMaxMessages,
        ...SMTP_TIMEOUTS,
      });
      this.mailDir = null;
    } else {
      this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.mailDir = join(config.dataDir, 'mail');
      mkdirSync(this.mailDir, { recursive: true });
    }
  }

  /** Where `.eml` files go, or null when sending over SMTP. */
  get directory(): string | null {
    return this.mailDir;
  }

  /**
   * Sends `message`; resolves once the SMTP server accepted it (or the file is written). Safe to call
   * many times at once: the pool spreads the calls over its connections.
   * @throws whatever the SMTP server or the file system says (the outbox retries)
   */
  async send(message: OutboxMessage): Promise<void> {
    const thread = message.ticket ? ticketThreadId(message.ticket.id, this.domain) : undefined;
    const info = (await this.transporter.sendMail({
      from: this.config.mailFrom,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: outboxMessageId(message, this.domain),
      date: message.createdAt,
      ...(this.config.inboundAddress ? { replyTo: this.config.inboundAddress } : {}),
      ...(thread ? { inReplyTo: thread, references: [thread] } : {}),
    })) as { message?: Buffer };
    if (this.mailDir) {
      const file = join(this.mailDir, `outbox-${message.id}.eml`);
      writeFileSync(`${file}.tmp`, info.message ?? Buffer.alloc(0));
      renameSync(`${file}.tmp`, file);
    }
  }

  /** Closes SMTP connections, after the outbox worker has finished (it stops in `beforeApplicationShutdown`). */
  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
