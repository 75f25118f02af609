import { randomBytes } from 'node:crypto';

import { MikroORM, RequestContext, UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import {
  BeforeApplicationShutdown,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { isEmail } from 'class-validator';
import type { ParsedMail } from 'mailparser';
import { Counter } from 'prom-client';

import {
  evaluateTransition,
  isStaff,
  REOPEN_WINDOW_DAYS,
  Role,
  TicketCategory,
  TicketStatus,
} from '@hd/shared/domain';
import { ChangeStatusDto, CreateReplyDto, CreateTicketDto } from '@hd/shared/dto';

import { AttachmentsService, StoredFile } from '../attachments/attachments.service';
import { PasswordService } from '../auth/password.service';
import { Category } from '../categories/category.entity';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { messageIdDomain } from '../notifications/mail.transport';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { RepliesService } from '../replies/replies.service';
import { Ticket } from '../tickets/ticket.entity';
import { TicketsService } from '../tickets/tickets.service';
import { User } from '../users/user.entity';
import {
  automaticReason,
  bodyText,
  dedupeKey,
  HeaderReader,
  senderNames,
  threadingKeys,
  ticketSubject,
  visibleReplyText,
} from './inbound-mail.rules';
import { InboundMessage, InboundStatus } from './inbound-message.entity';
import { InboundSpool } from './inbound-spool';

/** What processing one message came to (also the `outcome` label of `helpdesk_inbound_mail_total`). */
export type InboundOutcome =
  | 'ticket_created'
  | 'replied'
  | 'ignored'
  | 'duplicate'
  | 'rejected'
  | 'failed'
  | 'refused_size'
  | 'refused_recipient'
  | 'refused_sender';

/** The result of {@link InboundMailPipeline.process}. */
export interface InboundResult {
  outcome: InboundOutcome;
  /** The ticket opened or replied to. */
  ticketId?: number;
  /** Why, for the log (ignored, rejected, failed). */
  detail?: string;
}

/** How often the pipeline looks whether the database has its tables yet, at start-up, in ms. */
const SCHEMA_POLL_MS = 250;

/** How long shutdown waits for the message being processed, in ms. */
const SHUTDOWN_GRACE_MS = 15_000;

/** A file that failed to store, and why (a note for the ticket or reply text). */
type AttachmentNote = string;

/**
 * The one pipeline of inbound e-mail, fed by the SMTP listener and the IMAP poller alike:
 * spooled raw messages are processed one at a time, in arrival order, by
 * 1. parsing (`mailparser`); no parse or no sender address: the file moves to `DATA_DIR/mail/failed`;
 * 2. de-duplicating by `Message-ID` (`inbound_messages`, unique): a second delivery does nothing;
 * 3. dropping automatic and bulk mail and our own (see `automaticReason`), so no loop can start;
 * 4. finding the sender's account; an unknown address gets a customer account without a usable
 *    password (a password reset gives it one) unless `INBOUND_UNKNOWN_SENDERS=reject`;
 * 5. threading: `In-Reply-To`/`References` naming one of our notifications or a ticket's thread
 *    root, else a `[TICK-...]` tag in the subject, continues that ticket when the sender may reply
 *    to it (its customer, or staff); anything else opens a new ticket for the sender;
 * 6. writing through the same services as the REST API (`TicketsService.create`,
 *    `RepliesService.create`), so numbers, SLA, automation, history, notifications (the
 *    acknowledgement included) and webhooks all follow; attachments go through `AttachmentsService`:
 *    their bytes are stored first, their rows written in the ticket's or reply's own transaction.
 *
 * Closed tickets follow the web's rules: replies to a closed ticket are refused there, and only its
 * customer may reopen it, within {@link REOPEN_WINDOW_DAYS} days of the close. So a customer's mail
 * to a closed ticket reopens it and adds the reply while the window is open, and opens a new ticket
 * that names the old number after it; staff mail to a closed ticket is rejected (logged).
 */
@Injectable()
export class InboundMailPipeline implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InboundMail');
  private readonly domain: string;
  private readonly counter: Counter<'outcome'> | null = null;
  /** The end of the queue of spooled messages (processed one at a time). */
  private tail: Promise<unknown> = Promise.resolve();
  private readiness: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly spool: InboundSpool,
    private readonly tickets: TicketsService,
    private readonly replies: RepliesService,
    private readonly attachments: AttachmentsService,
    private readonly passwords: PasswordService,
    @Optional() metrics?: MetricsService,
  ) {
    this.domain = messageIdDomain(config.appUrl);
    if (metrics) {
      this.counter = new Counter({
        name: 'helpdesk_inbound_mail_total',
        help: 'Inbound e-mails by outcome (ticket_created, replied, ignored, duplicate, rejected, failed, refused_size, refused_recipient, refused_sender)',
        labelNames: ['outcome'],
        registers: [metrics.registry],
      });
    }
  }

  /** Whether inbound mail is on (an SMTP listener or an IMAP mailbox is configured). */
  get enabled(): boolean {
    return this.config.inboundSmtpPort !== null || !!this.config.imapUrl;
  }

  /** With inbound mail on, processes what an earlier run left spooled, once the database is migrated. */
  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.ready().catch((error: unknown) =>
      this.logger.error(`inbound mail could not start: ${describe(error)}`),
    );
  }

  /**
   * Resolves once the database has the inbound tables (the migrations run after Nest's bootstrap
   * hooks) and the messages left spooled by an earlier run are queued.
   */
  ready(): Promise<void> {
    this.readiness ??= (async () => {
      while (!this.stopped) {
        try {
          await this.orm.em.fork().getConnection().execute('select 1 from inbound_messages where 1 = 0');
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, SCHEMA_POLL_MS));
        }
      }
      const left = await this.spool.pending();
      if (left.length) this.logger.log(`processing ${left.length} inbound messages left from the last run`);
      for (const file of left) void this.enqueue(file);
    })();
    return this.readiness;
  }

  /** Waits (up to 15 s) for the queue; what is still spooled is processed at the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      this.tail,
      new Promise<void>((done) => (grace = setTimeout(done, SHUTDOWN_GRACE_MS))),
    ]);
    clearTimeout(grace);
  }

  /** Counts an SMTP-time refusal (size, recipient, sender). */
  count(outcome: InboundOutcome): void {
    this.counter?.inc({ outcome });
  }

  /**
   * Queues a spooled message; resolves with its result once processed. Processed messages leave
   * the spool; failed ones move to `DATA_DIR/mail/failed`; once shutdown has begun, queued ones
   * stay spooled for the next start. Never rejects.
   */
  enqueue(file: string): Promise<InboundResult> {
    const run = this.tail.then(() => this.processFile(file));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async processFile(file: string): Promise<InboundResult> {
    // Shutting down: the message stays spooled and is processed at the next start.
    if (this.stopped) return { outcome: 'failed', detail: 'shutting down; left spooled for the next start' };
    let result: InboundResult;
    try {
      result = await this.process(await this.spool.read(file));
    } catch (error) {
      result = {
        outcome: 'failed',
        detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    this.count(result.outcome);
    if (result.outcome === 'failed') {
      const kept = await this.spool.keepFailed(file, result.detail ?? 'failed').catch(() => file);
      this.logger.error(`inbound message could not be processed, kept in ${kept}: ${result.detail}`);
    } else {
      await this.spool.remove(file);
      const line = `inbound message ${result.outcome}${result.ticketId ? ` (ticket ${result.ticketId})` : ''}${result.detail ? `: ${result.detail}` : ''}`;
      if (result.outcome === 'rejected') this.logger.warn(line);
      else this.logger.log(line);
    }
    return result;
  }

  /**
   * Processes one raw message (RFC 5322), as the class comment says.
   * @returns the outcome; `failed` when it cannot be parsed or has no sender address
   * @throws the database's errors (the caller keeps the message as failed)
   */
  async process(raw: Buffer): Promise<InboundResult> {
    // Loaded on the first message: most installs take no e-mail, and the parser and its
    // dependencies cost start-up time and memory (see docs/performance.md).
    const { simpleParser } = await import('mailparser');
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(raw, { skipImageLinks: true });
    } catch (error) {
      return {
        outcome: 'failed',
        detail: `unparseable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const from = parsed.from?.value[0];
    const sender = from?.address?.trim().toLowerCase();
    if (!sender || !isEmail(sender))
      return { outcome: 'failed', detail: 'unparseable: no sender address (From)' };

    const em = this.orm.em.fork() as EntityManager;
    const key = dedupeKey(parsed.messageId, raw);
    const now = this.clock.now();
    let record: number;
    try {
      record = await em.insert(InboundMessage, {
        messageId: key,
        status: InboundStatus.Processing,
        sender,
        receivedAt: now,
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const earlier = await em.findOne(InboundMessage, { messageId: key });
      if (earlier?.status === InboundStatus.Processing) {
        // The process stopped while it worked on this message: whether its ticket or reply was
        // written is unknown, so an operator decides rather than risking a second ticket.
        return {
          outcome: 'failed',
          detail: `${key} was being processed when the process stopped; check ticket ${earlier.ticketId ?? '?'} and re-send if it is missing`,
        };
      }
      return {
        outcome: 'duplicate',
        detail: `${key} was received before`,
        ticketId: earlier?.ticketId ?? undefined,
      };
    }

    let result: InboundResult;
    try {
      const header = headerReader(parsed);
      const own = [addressOf(this.config.mailFrom), this.config.inboundAddress].filter(Boolean);
      const automatic = automaticReason(header, sender, { addresses: own, messageIdDomain: this.domain });
      result = automatic
        ? { outcome: 'ignored', detail: `${automatic} (from ${sender})` }
        : await RequestContext.create(this.orm.em, () => this.route(parsed, sender, from?.name));
    } catch (error) {
      await em.nativeUpdate(
        InboundMessage,
        { id: record },
        {
          status: InboundStatus.Failed,
          detail: String(error instanceof Error ? error.message : error).slice(0, 2000),
          processedAt: this.clock.now(),
        },
      );
      throw error;
    }
    await em.nativeUpdate(
      InboundMessage,
      { id: record },
      {
        status: STATUS_OF[result.outcome],
        ticketId: result.ticketId ?? null,
        detail: result.detail ?? null,
        processedAt: this.clock.now(),
      },
    );
    return result;
  }

  /** Steps 4 to 6 of the class comment, inside a request context of their own. */
  private async route(
    parsed: ParsedMail,
    sender: string,
    displayName: string | undefined,
  ): Promise<InboundResult> {
    const found = await this.em.findOne(User, { email: sender });
    if (found && !found.active) return { outcome: 'rejected', detail: `${sender}'s account is deactivated` };
    if (!found && this.config.inboundUnknownSenders === 'reject') {
      return { outcome: 'rejected', detail: `${sender} has no account (INBOUND_UNKNOWN_SENDERS=reject)` };
    }
    const user = found ?? (await this.createCustomer(sender, displayName));
    const actor: AuthUser = { id: user.id, role: user.role, name: user.name, email: user.email };

    const ticket = await this.threadTicket(parsed, actor);
    if (ticket) {
      if (ticket.status !== TicketStatus.Closed) return this.reply(ticket, parsed, user, actor);
      if (isStaff(user.role)) {
        return {
          outcome: 'rejected',
          ticketId: ticket.id,
          detail: `${sender} replied to closed ticket ${ticket.number}; staff reopen tickets on the web`,
        };
      }
      const reopen = evaluateTransition(ticket.status, TicketStatus.Reopened, user.role, {
        closedAt: ticket.closedAt,
        now: this.clock.now(),
      });
      if (reopen.allowed) {
        await this.tickets.changeStatus(
          ticket.id,
          Object.assign(new ChangeStatusDto(), { status: TicketStatus.Reopened }),
          actor,
        );
        return this.reply(ticket, parsed, user, actor);
      }
      return this.openTicket(parsed, user, actor, ticket.number);
    }
    if (isStaff(user.role)) {
      return {
        outcome: 'rejected',
        detail: `${sender} is staff and the mail continues no ticket (staff open tickets on the web, for a customer)`,
      };
    }
    return this.openTicket(parsed, user, actor);
  }

  /**
   * The ticket the mail continues and `actor` may reply to: the first of its threading keys (our
   * notification Message-IDs, then thread roots, then subject tags) that names a ticket `actor` can
   * see. Another customer's ticket is never found (`findVisible`'s isolation rule).
   */
  private async threadTicket(parsed: ParsedMail, actor: AuthUser): Promise<Ticket | null> {
    const keys = threadingKeys(
      { inReplyTo: parsed.inReplyTo, references: parsed.references, subject: parsed.subject },
      this.domain,
    );
    const refs: Array<number | string> = [];
    for (const { id, createdAt } of keys.outbox) {
      const message = await this.em.findOne(OutboxMessage, { id });
      if (message?.ticket && message.createdAt.getTime() === createdAt) refs.push(message.ticket.id);
    }
    refs.push(...keys.ticketIds, ...keys.ticketNumbers);
    for (const ref of refs) {
      try {
        return await this.tickets.findVisible(ref, actor);
      } catch (error) {
        if (!(error instanceof NotFoundException)) throw error;
      }
    }
    return null;
  }

  /**
   * Adds the mail's new text (quotes and signature stripped) as a public reply; its attachments are
   * stored first and written with the reply, in the reply's own transaction.
   */
  private async reply(
    ticket: Ticket,
    parsed: ParsedMail,
    user: User,
    actor: AuthUser,
  ): Promise<InboundResult> {
    const stored = await this.storeAttachments(ticket.id, parsed);
    const text = [visibleReplyText(parsed.text ?? ''), ...stored.notes].join('\n\n');
    const dto = Object.assign(new CreateReplyDto(), { content: bodyText(text), internal: false });
    await this.withFiles(stored.files, () => this.replies.create(ticket.id, dto, actor, stored.files));
    return { outcome: 'replied', ticketId: ticket.id, detail: `from ${user.email} on ${ticket.number}` };
  }

  /**
   * Opens a ticket for `user` from the mail: subject (tags of other tickets and `Re:` removed, or
   * "(no subject)"), the whole text as the description with a note per refused file, default
   * priority, the `general` category (or the first active one). The attachments are stored first
   * and written in the ticket's own transaction, so the acknowledgement, the notifications and the
   * `ticket.created` webhook all see the finished ticket.
   * @param followUpOf the number of the closed ticket the mail answered, past its reopen window
   */
  private async openTicket(
    parsed: ParsedMail,
    user: User,
    actor: AuthUser,
    followUpOf?: string,
  ): Promise<InboundResult> {
    const body = bodyText(parsed.text);
    const text = followUpOf
      ? `Follow-up to ${followUpOf}, closed more than ${REOPEN_WINDOW_DAYS} days ago (sent by e-mail):\n\n${body}`
      : body;
    const stored = await this.storeAttachments(null, parsed);
    const dto = Object.assign(new CreateTicketDto(), {
      subject: ticketSubject(parsed.subject),
      description: bodyText([text, ...stored.notes].join('\n\n')),
      category: await this.defaultCategory(),
    });
    const created = await this.withFiles(stored.files, () =>
      this.tickets.create(dto, actor, (em, ticket) => {
        this.attachments.addToTicket(stored.files, ticket, actor, em);
      }),
    );
    return {
      outcome: 'ticket_created',
      ticketId: created.id,
      detail: `${created.number} for ${user.email}${followUpOf ? ` (follow-up to ${followUpOf})` : ''}`,
    };
  }

  /** Runs `write`; when it fails, the bytes of `files` it was to write rows for are taken back. */
  private async withFiles<T>(files: readonly StoredFile[], write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      await this.attachments
        .discardFiles(files)
        .catch((cleanup: unknown) =>
          this.logger.warn(`stored attachments could not be taken back: ${describe(cleanup)}`),
        );
      throw error;
    }
  }

  /**
   * Stores the bytes of the mail's attachments, one at a time, without their rows (the caller
   * writes those with the ticket or reply); a file the attachment rules refuse (413 too large, 415
   * type not allowed) or that fails to store is skipped, with a note.
   * @param ticketId the ticket replied to, for the log (null: a ticket about to be opened)
   * @returns the files stored and a note per file skipped, e.g. `[attachment evil.exe was not accepted: type not allowed]`
   */
  private async storeAttachments(
    ticketId: number | null,
    parsed: ParsedMail,
  ): Promise<{ files: StoredFile[]; notes: AttachmentNote[] }> {
    const files: StoredFile[] = [];
    const notes: AttachmentNote[] = [];
    for (const [index, file] of parsed.attachments.entries()) {
      const filename = file.filename?.trim() || `attachment-${index + 1}`;
      try {
        files.push(
          await this.attachments.storeFile({
            filename,
            declaredType: file.contentType,
            content: file.content,
          }),
        );
      } catch (error) {
        const status = error instanceof HttpException ? error.getStatus() : 0;
        const why =
          status === 413
            ? 'too large'
            : status === 415
              ? 'type not allowed'
              : status
                ? describe(error)
                : 'it could not be stored';
        notes.push(`[attachment ${filename} was not accepted: ${why}]`);
        if (!status)
          this.logger.warn(
            `attachment ${filename} for ${ticketId ? `ticket ${ticketId}` : 'a new ticket'} could not be stored: ${describe(error)}`,
          );
      }
    }
    return { files, notes };
  }

  /** A customer account for an unknown sender: active, no usable password (a reset sets one). */
  private async createCustomer(email: string, displayName: string | undefined): Promise<User> {
    const { firstName, lastName } = senderNames(displayName, email);
    const passwordHash = await this.passwords.hash(randomBytes(32).toString('base64url'));
    const now = this.clock.now();
    const em = this.orm.em.fork();
    try {
      const user = em.create(User, {
        email,
        firstName,
        lastName,
        role: Role.Customer,
        passwordHash,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
      await em.persistAndFlush(user);
      this.logger.log(`opened customer account ${user.id} for ${email} (inbound e-mail)`);
    } catch (error) {
      // The same sender's second mail at the same moment (IMAP and SMTP): the unique index decides.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
    return this.em.findOneOrFail(User, { email });
  }

  /** The `general` category when active, else the first active one. */
  private async defaultCategory(): Promise<string> {
    const general = await this.em.findOne(Category, { slug: TicketCategory.General, active: true });
    if (general) return general.slug;
    const first = await this.em.findOne(Category, { active: true }, { orderBy: { position: 'asc' } });
    return first?.slug ?? TicketCategory.General;
  }
}

/** The `inbound_messages.status` of each outcome of processing. */
const STATUS_OF: Record<InboundOutcome, InboundStatus> = {
  ticket_created: InboundStatus.TicketCreated,
  replied: InboundStatus.Replied,
  ignored: InboundStatus.Ignored,
  duplicate: InboundStatus.Ignored,
  rejected: InboundStatus.Rejected,
  failed: InboundStatus.Failed,
  refused_size: InboundStatus.Rejected,
  refused_recipient: InboundStatus.Rejected,
  refused_sender: InboundStatus.Rejected,
};

/** Reads headers from the raw header lines (unfolded), first occurrence; names case-insensitive. */
function headerReader(parsed: ParsedMail): HeaderReader {
  return (name) => {
    const line = parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
    if (line === undefined) return undefined;
    return line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  };
}

/** The address of a `Name <address>` string (`MAIL_FROM`), lower case. */
export function addressOf(mailbox: string): string {
  const match = /<([^<>]+)>\s*$/.exec(mailbox);
  return (match ? match[1] : mailbox).trim().toLowerCase();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
