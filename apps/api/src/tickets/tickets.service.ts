import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

import {
  Action,
  AssignmentMode,
  AutomaticTrigger,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SEARCH_SORT,
  DEFAULT_TICKET_SORT,
  EXACT_TOTAL_LIMIT,
  MAX_PAGE,
  ErrorCode,
  automaticTransition,
  evaluateTransition,
  isStaff,
  Role,
  TICKET_STATUSES,
  TicketCategory,
  TicketDetailResponse,
  TicketPageResponse,
  TicketPriority,
  TicketResponse,
  TicketSort,
  TicketStatus,
  TicketStatusCountsResponse,
} from '@hd/shared/domain';
import { ChangeStatusDto, CreateTicketDto, ListTicketsQueryDto, UpdateTicketDto } from '@hd/shared/dto';

import { AutoAssignment } from '../assignment/auto-assignment.service';
import { Attachment } from '../attachments/attachment.entity';
import { toAttachmentResponse } from '../attachments/attachment.mapper';
import { visibleAttachments } from '../attachments/attachment.visibility';
import { CategoriesService } from '../categories/categories.service';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { assertAllowed } from '../common/permissions';
import { TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { toE164 } from './contact-number';
import { assertIfMatch } from './ticket-etag';
import { TicketCursor } from './ticket-cursor';
import { PageRow, SqlPart, TicketQueries } from './ticket-queries';
import { TicketNumbers } from './ticket-numbers.service';
import { audienceOf, TicketAudience, toTicketResponse } from './ticket.mapper';
import { Ticket } from './ticket.entity';
import {
  EditableTicketField,
  TicketAssignedEvent,
  TicketEvent,
  TicketEvents,
  TicketStatusChangedEvent,
  TicketUpdatedEvent,
} from './ticket.events';

/** Tickets: creation, the queue, edits, the status workflow, soft delete; and who may see which. */
@Injectable()
export class TicketsService {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventEmitter2,
    private readonly numbers: TicketNumbers,
    private readonly categories: CategoriesService,
    private readonly clock: Clock,
    private readonly queries: TicketQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly autoAssignment: AutoAssignment,
  ) {}

  /**
   * The ticket `ref` (an id, or a number such as `TICK-20261126-0001`) if `user` may see it: staff
   * see every ticket, a customer only their own. This is the one place of the isolation rule;
   * every ticket sub-resource goes through it.
   * @throws NotFoundException (404) for a ticket that does not exist, was deleted, or is another customer's
   */
  async findVisible(ref: TicketRef, user: AuthUser): Promise<Ticket> {
    const key: FilterQuery<Ticket> = typeof ref === 'number' ? { id: ref } : { number: ref };
    const where: FilterQuery<Ticket> = isStaff(user.role) ? key : { $and: [key, { customer: user.id }] };
    const ticket = await this.em.findOne(Ticket, where, { populate: ['customer', 'assignee'] });
    if (!ticket)
      throw new NotFoundException({ message: `Ticket ${ref} not found`, code: ErrorCode.NotFound });
    return ticket;
  }

  /**
   * Opens a ticket with status `open` and its number for the caller, or, for staff passing
   * `customerId`, for that customer. The number is given in the insert's transaction. Under the
   * `round_robin` and `least_loaded` assignment modes the ticket is assigned in that transaction
   * too (and so starts `in_progress`), unless no agent is available.
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` when a customer passes another user's `customerId`
   * @throws BadRequestException `INVALID_CUSTOMER` when `customerId` is not an active customer (staff
   *   naming themselves or another agent included), `INVALID_CATEGORY` for an unknown or inactive
   *   category, `INVALID_CONTACT_NUMBER` for a contact number that is not a phone number
   * @param withTicket called inside the creating transaction, before its flush, with the new ticket:
   *   what it persists in `em` (an e-mail's attachments) commits with the ticket or not at all
   */
  async create(
    dto: CreateTicketDto,
    user: AuthUser,
    withTicket?: (em: EntityManager, ticket: Ticket) => void,
  ): Promise<TicketResponse> {
    const category = await this.categories.requireUsable(dto.category ?? TicketCategory.General);
    const contactNumber = dto.contactNumber
      ? toE164(dto.contactNumber, this.config.defaultPhoneRegion)
      : null;
    const assignmentMode = await this.autoAssignment.mode();
    // Read before the transaction, on a read connection: on SQLite every statement inside it holds
    // the one writer (and every other request's write) for a round trip to the database's thread.
    const customer = await this.customerFor(this.em, dto.customerId, user);
    return this.em.transactional(async (em) => {
      const now = this.clock.now();
      const ticket = em.create(Ticket, {
        number: await this.numbers.next(em, now),
        subject: dto.subject,
        description: dto.description,
        priority: dto.priority ?? TicketPriority.Medium,
        category,
        contactNumber,
        affectedItem: dto.affectedItem ?? null,
        status: TicketStatus.Open,
        customer,
        assignee: null,
        createdAt: now,
        updatedAt: now,
      });
      const event: TicketEvent = { ticket, actor: user };
      this.events.emit(TicketEvents.Created, event);
      await this.assignAutomatically(em, ticket, now, assignmentMode);
      withTicket?.(em, ticket);
      await em.flush();
      return this.toResponse(ticket, user);
    });
  }

  /**
   * Gives a new ticket to the user automatic assignment chooses (see `AutoAssignment`: the
   * `assignment.mode` setting), as the helpdesk itself (a system event: no actor), inside the
   * creating transaction: the ticket and its assignment commit together, and the pointer's lock
   * orders concurrent creations. Called directly rather than from a `ticket.created` listener,
   * because listeners run synchronously and the choice needs the database.
   */
  private async assignAutomatically(
    em: EntityManager,
    ticket: Ticket,
    now: Date,
    mode: AssignmentMode,
  ): Promise<void> {
    const assignee = await this.autoAssignment.choose(em, now, mode);
    if (!assignee) return;
    // The ticket's id first: the assignment's e-mail links to it.
    await em.flush();
    await this.assignTo(ticket, assignee, null);
  }

  /**
   * Sets (or, with null, clears) a ticket's assignee and emits `ticket.assigned`; an `open` ticket
   * given to someone moves on as the workflow's automatic moves say (`open` to `in_progress`), and
   * the assignee's `lastAssignedAt` becomes now. The caller has checked the assignee and flushes.
   * @param actor who assigned, or null for the helpdesk itself (automatic assignment)
   */
  async assignTo(ticket: Ticket, assignee: User | null, actor: AuthUser | null): Promise<void> {
    const previousAssignee = ticket.assignee;
    const now = this.clock.now();
    ticket.assignee = assignee;
    ticket.updatedAt = now;
    const event: TicketAssignedEvent = { ticket, actor, previousAssignee };
    this.events.emit(TicketEvents.Assigned, event);
    const next = assignee ? automaticTransition(AutomaticTrigger.Assigned, ticket.status) : null;
    if (next) this.moveTo(ticket, next, actor, AutomaticTrigger.Assigned);
    // A native update: the assignee's account (and its updatedAt) is not what changed.
    if (assignee) await this.em.nativeUpdate(User, { id: assignee.id }, { lastAssignedAt: now });
  }

  /** `ticket` (customer and assignee loaded) as `user` reads it, its SLA judged at the clock's time. */
  toResponse(ticket: Ticket, user: AuthUser): TicketResponse {
    return toTicketResponse(ticket, audienceOf(user), this.clock.now());
  }

  /** The customer a new ticket belongs to: the caller, or (staff only) the active customer `customerId`. */
  private async customerFor(
    em: EntityManager,
    customerId: number | undefined,
    user: AuthUser,
  ): Promise<User> {
    if (customerId === undefined && !isStaff(user.role)) return em.findOneOrFail(User, user.id);
    if (customerId === undefined) {
      throw new BadRequestException({
        message: 'Staff open tickets on behalf of a customer: name them with customerId',
        code: ErrorCode.InvalidCustomer,
        errors: { customerId: ['must be the id of an active customer'] },
      });
    }
    if (customerId === user.id && !isStaff(user.role)) return em.findOneOrFail(User, user.id);
    assertAllowed(Action.CreateTicketForCustomer, user);
    const found = await em.findOne(User, { id: customerId, role: Role.Customer, active: true });
    if (!found) {
      throw new BadRequestException({
        message: `User ${customerId} is not an active customer`,
        code: ErrorCode.InvalidCustomer,
        errors: { customerId: ['must be the id of an active customer'] },
      });
    }
    return found;
  }

  /**
   * A page of the tickets `user` may see, filtered and sorted as asked (newest first by default; a
   * search `q` best match first): by `page` (offset, for the first `MAX_PAGE` pages) or by `cursor`
   * (keyset, any depth, relevance included; see {@link TicketCursor}). Reads one ticket more than the
   * page to know whether a next page exists; `total` comes from the maintained counts
   * (`TicketCount`) where they answer the query (staff, filtered at most by status and assignee), and
   * is otherwise counted up to `EXACT_TOTAL_LIMIT` matches, so a page costs the same at a million
   * tickets. Each item has its `match` snippet (null without `q`; see `TicketQueries.withMatches`).
   * @throws BadRequestException `PAGE_TOO_DEEP` past `MAX_PAGE`, `INVALID_CURSOR` for a bad cursor or
   *   one given with `page`, `RELEVANCE_NEEDS_QUERY` for `sort=relevance` without `q`,
   *   `VALIDATION_FAILED` for other bad filters (from the DTO)
   * @param gone fires when the client has gone: a search still waiting for its turn is dropped
   * @throws ServiceUnavailableException 503 `SERVER_BUSY` when too many searches wait (see `TicketQueries.guard`)
   */
  async list(query: ListTicketsQueryDto, user: AuthUser, gone?: AbortSignal): Promise<TicketPageResponse> {
    const sort = query.sort ?? (query.q ? DEFAULT_SEARCH_SORT : DEFAULT_TICKET_SORT);
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    if (sort === 'relevance' && !query.q) {
      throw new BadRequestException({
        message: 'sort=relevance ranks the tickets a search matches: pass q too, or another sort',
        code: ErrorCode.RelevanceNeedsQuery,
        errors: { sort: ['relevance needs a search (q)'] },
      });
    }
    if (query.cursor && query.page !== undefined) {
      throw new BadRequestException({
        message: 'Pass either page or cursor, not both',
        code: ErrorCode.InvalidCursor,
        errors: { cursor: ['must not be combined with page'] },
      });
    }
    const page = query.cursor ? null : (query.page ?? 1);
    if (page !== null && page > MAX_PAGE) {
      throw new BadRequestException({
        message: `page must be at most ${MAX_PAGE}; to go further, pass the nextCursor of a page as cursor`,
        code: ErrorCode.PageTooDeep,
        errors: { page: [`must not be greater than ${MAX_PAGE}; use cursor`] },
      });
    }
    const audience = audienceOf(user);
    const planned = this.queries.where(query, user);
    const cursor = query.cursor ? TicketCursor.decode(query.cursor, sort) : null;
    const after = cursor ? this.queries.after(sort, cursor.position) : null;
    const offset = page === null ? 0 : (page - 1) * pageSize;
    const counts = this.queries.countsWhere(query, user);
    // A search runs its statements one after another, in turn with other searches (see `TicketQueries.guard`).
    const { rows, counted, capped, items, windowed } = await this.queries.guard(
      planned,
      async () => {
        // A cursor continues its first page's choice for a search of several terms (see `TicketCursor`).
        const where = await this.queries.settle(planned, cursor?.windowed ?? null);
        const seek = after ? this.and(where, after) : where;
        const [rows, counted, capped] = where.search
          ? await this.searchPage(where, seek, sort, pageSize, offset, audience, Boolean(query.cursor))
          : await Promise.all([
              this.queries.page(seek, sort, pageSize + 1, offset, audience),
              counts
                ? this.queries
                    .countsPerStatus(counts)
                    .then((perStatus) => perStatus.reduce((sum, row) => sum + row.count, 0))
                : this.queries.countUpTo(where, EXACT_TOTAL_LIMIT + 1).then((found) => found.count),
              false,
            ]);
        const shown = rows.slice(0, pageSize);
        const tickets = shown.map((row) => row.ticket);
        const replyIds = shown.flatMap((row) => row.replyIds);
        const items = await this.queries.withMatches(where, tickets, replyIds);
        return { rows, counted, capped, items, windowed: where.search?.windowed ?? null };
      },
      gone,
    );
    // The maintained counts are exact at any size; a counted total stops at the limit; a search that
    // ranked only the newest matches (`SEARCH_RANK_LIMIT`) counts those it ranked.
    const overLimit = !counts && counted > EXACT_TOTAL_LIMIT;
    return {
      items,
      total: overLimit ? EXACT_TOTAL_LIMIT : counted,
      totalIsEstimate: overLimit || capped,
      page,
      pageSize,
      nextCursor:
        rows.length > pageSize ? TicketCursor.encode(sort, rows[pageSize - 1].position, windowed) : null,
    };
  }

  /**
   * A page of a search (`pageSize + 1` rows from `offset`), how many tickets match, and whether the
   * search ranked fewer texts than matched (`capped`, see `planTicketSearch`): counted by the page's
   * own statement (a search reads its matches anyway), unless a cursor narrowed it or the page lies
   * past the last match, which then count apart.
   */
  private async searchPage(
    where: SqlPart,
    seek: SqlPart,
    sort: TicketSort,
    pageSize: number,
    offset: number,
    audience: TicketAudience,
    byCursor: boolean,
  ): Promise<[PageRow[], number, boolean]> {
    const rows = await this.queries.page(seek, sort, pageSize + 1, offset, audience);
    if (!byCursor && rows.length) return [rows, rows[0].matches ?? 0, rows[0].capped];
    if (!byCursor && offset === 0) return [rows, 0, false];
    const { count, capped } = await this.queries.countUpTo(where, EXACT_TOTAL_LIMIT + 1);
    return [rows, count, capped];
  }

  private and(a: SqlPart, b: SqlPart): SqlPart {
    return { ...a, sql: `${a.sql} and ${b.sql}`, params: [...a.params, ...b.params] };
  }

  /**
   * How many of the tickets `user` may see are in each status, under the same filters as
   * {@link list} except `status` (for filter chips). Every status is present, 0 when none. Read from
   * the maintained counts where they answer the query, as {@link list}'s total. A search sorted by
   * relevance (`sort`, the default with `q`) counts what that list's total counts: for one term, or
   * several held together by many texts, the tickets of the newest `SEARCH_RANK_LIMIT` matching
   * texts of each kind (see `TicketQueries.settle`); when more matched,
   * `totalIsEstimate` is true and each count is a lower bound. Sorted otherwise, every match counts.
   * @param gone fires when the client has gone: a search still waiting for its turn is dropped
   * @throws ServiceUnavailableException 503 `SERVER_BUSY` when too many searches wait (see `TicketQueries.guard`)
   */
  async countByStatus(
    query: ListTicketsQueryDto,
    user: AuthUser,
    gone?: AbortSignal,
  ): Promise<TicketStatusCountsResponse> {
    const maintained = this.queries.countsWhere(query, user, false);
    const where = this.queries.where(query, user, false);
    const rows: Array<{ status: TicketStatus; count: number; capped?: boolean }> = maintained
      ? await this.queries.countsPerStatus(maintained)
      : await this.queries.guard(
          where,
          async () => this.queries.countByStatus(await this.queries.settle(where)),
          gone,
        );
    const counts = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<
      TicketStatus,
      number
    >;
    for (const row of rows) counts[row.status] = row.count;
    return {
      counts,
      total: Object.values(counts).reduce((sum, n) => sum + n, 0),
      totalIsEstimate: rows.some((row) => row.capped === true),
    };
  }

  /**
   * The ticket with the thread `user` may read, oldest first (read by {@link TicketQueries}), and
   * the files `user` may see: all of them in `attachments`, and each reply's own on the reply.
   * @throws NotFoundException as {@link findVisible}
   */
  async findDetail(ref: TicketRef, user: AuthUser): Promise<TicketDetailResponse> {
    const ticket = await this.queries.detail(ref, user);
    if (!ticket)
      throw new NotFoundException({ message: `Ticket ${ref} not found`, code: ErrorCode.NotFound });
    const { hasAttachments, ...found } = ticket;
    const files = hasAttachments
      ? await this.em.find(Attachment, visibleAttachments(ticket.id, user), {
          populate: ['uploadedBy'],
          orderBy: { createdAt: 'asc', id: 'asc' },
        })
      : [];
    const attachments = files.map(toAttachmentResponse);
    return {
      ...found,
      replies: found.replies.map((reply) => ({
        ...reply,
        attachments: attachments.filter((file) => file.replyId === reply.id),
      })),
      attachments,
    };
  }

  /**
   * Edits a ticket. The owning customer may change subject, description, category, contact number
   * and affected item while the ticket is not closed; staff may change those and the priority at
   * any time. Only fields that really change are written, recorded and announced.
   * @throws NotFoundException as {@link findVisible}
   * @throws ForbiddenException `ROLE_FORBIDDEN` when a customer sends `priority`
   * @throws ConflictException `TICKET_NOT_EDITABLE` when a customer edits a closed ticket
   * @throws PreconditionFailedException 412 `PRECONDITION_FAILED` when `ifMatch` names an older version
   * @throws BadRequestException `INVALID_CATEGORY` (a ticket may keep an inactive category it has, not move to one),
   *   `INVALID_CONTACT_NUMBER`
   */
  async update(
    ref: TicketRef,
    dto: UpdateTicketDto,
    user: AuthUser,
    ifMatch?: string,
  ): Promise<TicketResponse> {
    const ticket = await this.findVisible(ref, user);
    assertIfMatch(ifMatch, ticket);
    if (dto.priority !== undefined) assertAllowed(Action.ChangePriority, user, ticket);
    assertAllowed(Action.EditTicket, user, ticket);
    const wanted: Partial<Record<EditableTicketField, string | null>> = {
      subject: dto.subject,
      description: dto.description,
      priority: dto.priority,
      affectedItem: dto.affectedItem,
      contactNumber:
        typeof dto.contactNumber === 'string'
          ? toE164(dto.contactNumber, this.config.defaultPhoneRegion)
          : dto.contactNumber,
    };
    if (dto.category !== undefined && dto.category !== ticket.category) {
      wanted.category = await this.categories.requireUsable(dto.category);
    }
    const changes: EditableTicketField[] = [];
    const previous: TicketUpdatedEvent['previous'] = {};
    const record = ticket as unknown as Record<EditableTicketField, string | null>;
    for (const [field, value] of Object.entries(wanted) as Array<
      [EditableTicketField, string | null | undefined]
    >) {
      if (value === undefined || value === record[field]) continue;
      previous[field] = record[field];
      record[field] = value;
      changes.push(field);
    }
    if (changes.length) {
      ticket.updatedAt = this.clock.now();
      const event: TicketUpdatedEvent = { ticket, actor: user, changes, previous };
      this.events.emit(TicketEvents.Updated, event);
      await this.em.flush();
    }
    return this.toResponse(ticket, user);
  }

  /**
   * Moves a ticket through the workflow table of `libs/shared/dto` (checks: 404, then 403, then 400).
   * @throws NotFoundException as {@link findVisible}
   * @throws PreconditionFailedException 412 `PRECONDITION_FAILED` when `ifMatch` names an older version
   * @throws ForbiddenException `ROLE_FORBIDDEN` when the role may never set that status
   * @throws BadRequestException `INVALID_TRANSITION` or `REOPEN_WINDOW_EXPIRED`
   */
  async changeStatus(
    ref: TicketRef,
    dto: ChangeStatusDto,
    user: AuthUser,
    ifMatch?: string,
  ): Promise<TicketResponse> {
    const ticket = await this.findVisible(ref, user);
    assertIfMatch(ifMatch, ticket);
    const verdict = evaluateTransition(ticket.status, dto.status, user.role, {
      closedAt: ticket.closedAt,
      now: this.clock.now(),
    });
    if (!verdict.allowed) {
      const body = { message: verdict.message, code: verdict.code };
      throw verdict.code === 'ROLE_FORBIDDEN' ? new ForbiddenException(body) : new BadRequestException(body);
    }
    this.moveTo(ticket, verdict.transition.to, user);
    await this.em.flush();
    return this.toResponse(ticket, user);
  }

  /**
   * Sets a ticket's status, records `resolvedAt`/`closedAt`, and emits `ticket.status_changed`.
   * The caller has checked the move and flushes. Also used for automatic moves (assignment, customer
   * reply, auto-close).
   * @param actor who moved it, or null for the helpdesk itself (automation)
   * @param quiet announce it in-app only, without e-mail (see `TicketStatusChangedEvent.quiet`)
   */
  moveTo(
    ticket: Ticket,
    to: TicketStatus,
    actor: AuthUser | null,
    automatic?: AutomaticTrigger,
    quiet = false,
  ): void {
    const from = ticket.status;
    const now = this.clock.now();
    ticket.status = to;
    ticket.updatedAt = now;
    if (to === TicketStatus.Resolved) ticket.resolvedAt = now;
    if (to === TicketStatus.Closed) ticket.closedAt = now;
    const event: TicketStatusChangedEvent = {
      ticket,
      actor,
      from,
      to,
      automatic,
      ...(quiet ? { quiet } : {}),
    };
    this.events.emit(TicketEvents.StatusChanged, event);
  }

  /**
   * Soft-deletes a ticket: the row stays for audit, and the ticket is a 404 everywhere after.
   * @throws NotFoundException as {@link findVisible}
   * @throws ForbiddenException for agents (only the owning customer or an admin may delete)
   * @throws ConflictException `TICKET_NOT_DELETABLE` when a customer's ticket is no longer open and unassigned
   */
  async remove(ref: TicketRef, user: AuthUser): Promise<void> {
    const ticket = await this.findVisible(ref, user);
    assertAllowed(Action.DeleteTicket, user, ticket);
    ticket.deletedAt = this.clock.now();
    const event: TicketEvent = { ticket, actor: user };
    this.events.emit(TicketEvents.Deleted, event);
    await this.em.flush();
  }
}
