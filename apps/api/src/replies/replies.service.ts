import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import { Action, AutomaticTrigger, automaticTransition, isStaff, ReplyResponse } from '@hd/shared/domain';
import { CreateReplyDto } from '@hd/shared/dto';

import { Attachment } from '../attachments/attachment.entity';
import { toAttachmentResponse } from '../attachments/attachment.mapper';
import { AttachmentsService, StoredFile } from '../attachments/attachments.service';
import { visibleAttachments } from '../attachments/attachment.visibility';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { assertAllowed } from '../common/permissions';
import { TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { toReplyResponse } from '../tickets/ticket.mapper';
import { TicketEvents, TicketRepliedEvent } from '../tickets/ticket.events';
import { Ticket } from '../tickets/ticket.entity';
import { TicketsService } from '../tickets/tickets.service';
import { User } from '../users/user.entity';
import { Reply } from './reply.entity';
import { THREAD_ORDER, visibleReplies } from './reply.visibility';

/** A ticket's thread: public replies and internal notes. */
@Injectable()
export class RepliesService {
  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketsService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * The replies `user` may read, oldest first, each with its attachments.
   * @throws NotFoundException for a ticket `user` may not see
   */
  async list(ticketId: TicketRef, user: AuthUser): Promise<ReplyResponse[]> {
    const ticket = await this.tickets.findVisible(ticketId, user);
    const replies = await this.em.find(Reply, visibleReplies(ticket.id, user), {
      populate: ['author'],
      orderBy: THREAD_ORDER,
    });
    const files = await this.em.find(
      Attachment,
      { $and: [visibleAttachments(ticket.id, user), { reply: { $ne: null } }] },
      { populate: ['uploadedBy'], orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    return replies.map((reply) => ({
      ...toReplyResponse(reply),
      attachments: files.filter((file) => file.reply?.id === reply.id).map(toAttachmentResponse),
    }));
  }

  /**
   * Adds a reply, or (staff, `internal: true`) an internal note. A customer's reply to a ticket
   * waiting on them moves it back to `in_progress`; staff's first public reply records the first response.
   * The reply, its files (`attachmentIds`, and `files` stored for it, e.g. an e-mail's attachments)
   * and what it causes are written in one transaction: a refused file leaves no reply behind, and
   * everything emitted after the commit (notifications, webhooks) sees the files.
   * @param files files stored for this reply (`AttachmentsService.storeFile`) whose rows are
   *   written with it, uploaded by `user`
   * @throws NotFoundException for a ticket `user` may not see
   * @throws ForbiddenException when a customer sends `internal: true`
   * @throws BadRequestException `TICKET_CLOSED` for a closed ticket (reopen it first);
   *   `INVALID_ATTACHMENT` when `attachmentIds` names a file that is not the caller's unsent upload
   *   on it, also when another reply sent at the same moment took it first
   */
  async create(
    ticketId: TicketRef,
    dto: CreateReplyDto,
    user: AuthUser,
    files: readonly StoredFile[] = [],
  ): Promise<ReplyResponse> {
    const ticket = await this.tickets.findVisible(ticketId, user);
    const internal = dto.internal === true;
    assertAllowed(internal ? Action.WriteInternalNote : Action.Reply, user, ticket);
    // Linking uploads names the reply's id, so its row is written first, in a transaction with the
    // rest. Without uploads to link, the one flush is the transaction (the common case: one
    // round of statements, and the socket pushes follow its commit).
    return dto.attachmentIds?.length
      ? this.em.transactional((em) => this.write(em, ticket, dto, user, files))
      : this.write(this.em, ticket, dto, user, files);
  }

  /** Writes the reply and what it causes in `em` (see {@link create}). */
  private async write(
    em: EntityManager,
    ticket: Ticket,
    dto: CreateReplyDto,
    user: AuthUser,
    files: readonly StoredFile[],
  ): Promise<ReplyResponse> {
    const staff = isStaff(user.role);
    const internal = dto.internal === true;
    const now = this.clock.now();
    const reply = em.create(Reply, {
      ticket,
      author: em.getReference(User, user.id),
      content: dto.content,
      internal,
      createdAt: now,
    });
    await em.populate(reply, ['author']);
    const attachmentIds = dto.attachmentIds ?? [];
    // The reply's row first when it links uploads; a refused file rolls it back, before any
    // notification or webhook is queued.
    if (attachmentIds.length) await em.flush();
    const linked = await this.attachments.linkToReply(attachmentIds, reply, reply.author, em);
    const added = this.attachments.addToReply(files, reply, user, em);
    // An internal note must leave no trace a customer can see, not even a newer updatedAt.
    if (!internal) ticket.updatedAt = now;
    if (staff && !internal && !ticket.firstResponseAt) ticket.firstResponseAt = now;
    const event: TicketRepliedEvent = { ticket, actor: user, reply };
    this.events.emit(internal ? TicketEvents.NoteAdded : TicketEvents.Replied, event);
    // The reply first, then the move it causes (in the history and the notifications alike).
    const next = staff ? null : automaticTransition(AutomaticTrigger.CustomerReplied, ticket.status);
    if (next) this.tickets.moveTo(ticket, next, user, AutomaticTrigger.CustomerReplied);
    await em.flush();
    if (added.length) await em.populate(added, ['uploadedBy']);
    return {
      ...toReplyResponse(reply),
      attachments: [...linked, ...added].map(toAttachmentResponse),
    };
  }
}
