import { QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable } from '@nestjs/common';

import {
  Action,
  can,
  DEFAULT_SEARCH_SORT,
  fullName,
  isStaff,
  ReplyResponse,
  Role,
  SEARCH_RANK_LIMIT,
  TICKET_PRIORITIES,
  TicketCategory,
  TicketListItemResponse,
  TicketPriority,
  TicketResponse,
  TicketSort,
  TicketStatus,
} from '@hd/shared/domain';
import { ListTicketsQueryDto } from '@hd/shared/dto';

import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DEFAULT_DB_POOL_SIZE } from '../config/mikro-orm.options';
import { sortColumns, SortPosition } from './ticket-cursor';
import { listedReplies, matchingReplies, planTicketSearch, TicketSearch } from './ticket-search';
import { SearchQueue } from './ticket-search-queue';
import { ticketMatch } from './ticket-search-snippet';
import { audienceOf, TicketAudience, toTicketResponse } from './ticket.mapper';

/** A piece of SQL with its `?` parameters. */
export interface SqlPart {
  sql: string;
  params: unknown[];
  /**
   * Set on a `where` with a search (`q`): the tickets it matches, `m(id, score)`, which the
   * statements join the tickets `t` to (see `TicketQueries.where`).
   */
  search?: TicketSearch;
}

/** The knex client of a SQLite connection: its pool of `sqlite3` connections. */
interface SqlitePool {
  acquireConnection(): Promise<{
    all(sql: string, params: unknown[], done: (error: Error | null, rows: unknown[]) => void): void;
  }>;
  releaseConnection(connection: unknown): Promise<void>;
}

/**
 * Searches run at most `DB_POOL_SIZE - 1` at a time (at least one), so at least one read connection
 * is always free for other requests; this many more may wait, past that the search is a 503.
 */
export const MAX_WAITING_SEARCHES = 64;

/** Columns of the list and detail queries: the ticket, its customer (`c_`) and its assignee (`a_`). */
const TICKET_COLUMNS = `t.id, t.number, t.version, t.subject, t.description, t.status, t.priority, t.category,
  t.contact_number, t.affected_item, t.created_at, t.updated_at, t.first_response_at, t.resolved_at, t.closed_at,
  t.first_response_due_at, t.resolution_due_at, t.sla_paused_at, t.sla_paused_seconds, t.sla_due_at, t.sla_at_risk_at,
  c.id as c_id, c.email as c_email, c.first_name as c_first_name, c.last_name as c_last_name,
  a.id as a_id, a.email as a_email, a.first_name as a_first_name, a.last_name as a_last_name`;
const PEOPLE_JOINS = 'join users c on c.id = t.customer_id left join users a on a.id = t.assignee_id';

/** The database's names of the sort columns. */
const COLUMN: Record<ReturnType<typeof sortColumns>[number][0], string> = {
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  priority: 't.priority',
  id: 't.id',
  score: 'm.score',
  dueAt: 't.sla_due_at',
};

/**
 * What a list's `order by` starts with so that PostgreSQL reads the page in order from the list
 * indexes (`deleted_at`, then the sort column and `id`) instead of sorting every match: their
 * leading `deleted_at`, in the sort's direction. Every list row has `deleted_at is null`, so the
 * order is the same; but PostgreSQL does not treat `is null` as fixing the column's value (as `=`
 * does), and without the term judged the index's order unlike the query's (100,000 tickets: 35 to
 * 53 ms a page, sorted, against under 1 ms read in order). SQLite's plans are the same either way.
 * Empty for the sorts no list index serves (priority, relevance).
 */
function indexOrder(sort: TicketSort): string {
  const [[column, direction]] = sortColumns(sort);
  return column === 'createdAt' || column === 'updatedAt' || column === 'dueAt'
    ? `t.deleted_at ${direction}, `
    : '';
}

/** A row of {@link TICKET_COLUMNS}: dates are ms numbers on SQLite and `Date`s on PostgreSQL. */
interface TicketRow {
  id: number;
  number: string;
  version: number;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: number;
  category: TicketCategory | string;
  contact_number: string | null;
  affected_item: string | null;
  created_at: number | string | Date;
  updated_at: number | string | Date;
  first_response_at: number | string | Date | null;
  resolved_at: number | string | Date | null;
  closed_at: number | string | Date | null;
  first_response_due_at: number | string | Date | null;
  resolution_due_at: number | string | Date | null;
  sla_paused_at: number | string | Date | null;
  sla_paused_seconds: number | string;
  sla_due_at: number | string | Date | null;
  sla_at_risk_at: number | string | Date | null;
  c_id: number;
  c_email: string;
  c_first_name: string;
  c_last_name: string;
  a_id: number | null;
  a_email: string | null;
  a_first_name: string | null;
  a_last_name: string | null;
  /** A search's relevance (see `TicketSearch.matched`). */
  score?: number;
  /** A search's number of matching tickets, over all pages (a window count). */
  matches?: number | string;
  /** A search's `capped` (see `TicketSearch.matched`): 1 when more texts match than it ranked. */
  capped?: number | string;
  /** A search's `replies` (see `TicketSearch.matched`): ids of the ticket's matching replies, comma-separated. */
  replies?: string | null;
}

/** A ticket of a page, as the API answers it, and its position in the sort (for a cursor). */
export interface PageRow {
  ticket: TicketResponse;
  position: SortPosition;
  /** With a search: how many tickets match over all pages (of those it ranked); null otherwise. */
  matches: number | null;
  /** With a search: whether more texts match than it ranked (see `planTicketSearch`); false otherwise. */
  capped: boolean;
  /** With a search that lists them (`TicketSearch.listsReplies`): the ticket's newest matching replies' ids; empty otherwise. */
  replyIds: number[];
}

interface ReplyRow {
  id: number;
  content: string;
  internal: number | boolean;
  created_at: number | string | Date;
  author_id: number;
  first_name: string;
  last_name: string;
  role: Role;
}

/** A date column's value: ms since the epoch on SQLite, a `Date` on PostgreSQL. */
const date = (value: number | string | Date): Date => new Date(value);
const dateOrNull = (value: number | string | Date | null): Date | null =>
  value === null ? null : date(value);

/**
 * The hot reads of tickets in plain SQL: the queue and the customer's list (page, keyset page and a
 * bounded count), and one ticket with its thread. The benchmark (`npm run bench`) showed the ORM's
 * query building and entity hydration costing more than three quarters of these requests; writes,
 * and reads that lead to a write, stay with MikroORM's entities. Statements run on a read
 * connection (see `createOrmOptions`) and work on SQLite and PostgreSQL alike. The isolation rule is
 * the same as {@link TicketsService.findVisible}'s: a customer's statements always carry
 * `t.customer_id = <their id>`.
 */
@Injectable()
export class TicketQueries {
  /** The turns of searches (see {@link guard}). */
  private readonly searches: SearchQueue;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // The SLA's breaches and filters are judged at the clock's time (a default for tests that build this by hand).
    private readonly clock: Clock = new Clock(),
  ) {
    const running = Math.max(1, (config.dbPoolSize ?? DEFAULT_DB_POOL_SIZE) - 1);
    this.searches = new SearchQueue(running, MAX_WAITING_SEARCHES);
  }

  /**
   * The `where` of the list's filters plus the isolation rule and soft deletion (tickets `t`).
   * `status` is left out when `withStatus` is false (the per-status counts). With `q`, the result
   * carries the search (`search`, see `planTicketSearch`): the statements then read the matching
   * tickets `m` joined to `t`, and the `where` excludes the tickets with an excluded term. The
   * search is ranked only when the list is sorted by relevance; the per-status counts of a search
   * sorted by relevance read the same newest matches unranked (see `planTicketSearch`'s
   * `newest.always`). A search of several terms is settled by {@link settle} before it is read.
   */
  where(query: ListTicketsQueryDto, user: AuthUser, withStatus = true): SqlPart {
    const sql = ['t.deleted_at is null'];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]): void => {
      sql.push(clause);
      params.push(...values);
    };
    if (!isStaff(user.role)) add('t.customer_id = ?', user.id);
    if (withStatus && query.status?.length)
      add(`t.status in (${query.status.map(() => '?').join(', ')})`, ...query.status);
    if (query.priority) add('t.priority = ?', TICKET_PRIORITIES.indexOf(query.priority));
    if (query.category) add('t.category = ?', query.category);
    if (query.affectedItem) add('t.affected_item = ?', query.affectedItem);
    if (query.assigneeId) add('t.assignee_id = ?', query.assigneeId);
    if (query.unassigned === true) add('t.assignee_id is null');
    if (query.unassigned === false) add('t.assignee_id is not null');
    if (query.updatedSince) add('t.updated_at >= ?', new Date(query.updatedSince));
    // SLA: a running target past its due time, or the nearest one past its at-risk instant but not due.
    if (query.sla === 'breached') add('t.sla_due_at <= ?', this.clock.now());
    if (query.sla === 'at_risk')
      add('t.sla_at_risk_at <= ? and t.sla_due_at > ?', this.clock.now(), this.clock.now());
    if (query.q) {
      const byRelevance = (query.sort ?? DEFAULT_SEARCH_SORT) === 'relevance';
      const search = planTicketSearch(query.q, {
        dialect: this.config.dialect === 'sqlite' ? 'sqlite' : 'postgresql',
        staff: can(user.role, Action.ReadInternalNotes),
        ranked: withStatus && byRelevance,
        newest: {
          filters: { sql: sql.join(' and '), params: [...params] },
          limit: this.config.searchRankLimit ?? SEARCH_RANK_LIMIT,
          // The status counts of a search sorted by relevance (the default) count the tickets of
          // the newest matches that list ranks, unranked; sorted otherwise, every match.
          always: !withStatus && byRelevance,
        },
      });
      if (search.excluded) add(`t.id not in (${search.excluded.sql})`, ...search.excluded.params);
      return { sql: sql.join(' and '), params, search };
    }
    return { sql: sql.join(' and '), params };
  }

  /**
   * `where` with its search settled: for a search of several terms (`TicketSearch.several`), the
   * probe decides between every match (`matched`) and the newest texts holding them all (`window`,
   * when more of those pass the filters than it reads); the result's `search.windowed` says which.
   * On SQLite the probe stops after `SEARCH_RANK_LIMIT` + 1 such texts of each kind; on PostgreSQL it
   * reads them through the GIN index first. Run inside the search's turn (see {@link guard}). Any
   * other `where` is returned as it is.
   * @param windowed the choice to keep instead of probing (a cursor's, see `TicketCursor`); null to probe
   */
  async settle(where: SqlPart, windowed: boolean | null = null): Promise<SqlPart> {
    const several = where.search?.several;
    if (!where.search || !several) return where;
    let window = windowed;
    if (window === null) {
      const [row] = await this.all<{ capped: number | string }>(several.probe.sql, several.probe.params);
      window = Number(row?.capped ?? 0) === 1;
    }
    const search = window
      ? { ...where.search, matched: several.window, listsReplies: several.listsReplies, several: null }
      : { ...where.search, several: null };
    return { ...where, search: { ...search, windowed: window } };
  }

  /** The tickets a statement reads: `t`, or with a search the matching tickets `m` joined to `t`. */
  private source(where: SqlPart): SqlPart {
    if (!where.search) return { sql: 'tickets t', params: [] };
    const { matched } = where.search;
    return { sql: `(${matched.sql}) m join tickets t on t.id = m.id`, params: matched.params };
  }

  /**
   * The `where` over `ticket_counts` (see `TicketCount`) that answers how many tickets match the
   * query, when the counts can: staff, filtered at most by status and assignee. Null otherwise
   * (a customer's own tickets, or priority, category, affected item, search, `updatedSince` or `sla`).
   */
  countsWhere(query: ListTicketsQueryDto, user: AuthUser, withStatus = true): SqlPart | null {
    if (
      !isStaff(user.role) ||
      query.priority ||
      query.category ||
      query.affectedItem ||
      query.q ||
      query.updatedSince ||
      query.sla
    )
      return null;
    const sql = ['1 = 1'];
    const params: unknown[] = [];
    if (withStatus && query.status?.length) {
      sql.push(`status in (${query.status.map(() => '?').join(', ')})`);
      params.push(...query.status);
    }
    if (query.assigneeId) {
      sql.push('assignee_id = ?');
      params.push(query.assigneeId);
    }
    if (query.unassigned === true) sql.push('assignee_id = 0');
    if (query.unassigned === false) sql.push('assignee_id <> 0');
    return { sql: sql.join(' and '), params };
  }

  /** The maintained counts per status under `where` (from {@link countsWhere}); statuses with none may be absent. */
  async countsPerStatus(where: SqlPart): Promise<Array<{ status: TicketStatus; count: number }>> {
    const rows = await this.all<{ status: TicketStatus; count: number | string }>(
      `select status, sum(count) as count from ticket_counts where ${where.sql} group by status`,
      where.params,
    );
    return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
  }

  /**
   * `where` narrowed to the tickets after a keyset position in `sort`:
   * `c1 >= v1 and ((c1 > v1) or (c1 = v1 and c2 > v2) or ...)`, `<` for descending columns. The
   * first conjunct says the same as the disjunction about `c1`, but as a range an index can start
   * from: PostgreSQL does not derive it from the `or`, and read the index from the first page's
   * ticket on, filtering, for every page after it.
   * @param values the position: dates as `Date`, the priority as its name
   */
  after(sort: TicketSort, values: SortPosition): SqlPart {
    if (sort === 'dueAt') return this.afterDue(values);
    const columns = sortColumns(sort);
    const dbValue = (i: number): unknown =>
      columns[i][0] === 'priority' ? TICKET_PRIORITIES.indexOf(values[i] as TicketPriority) : values[i];
    const params: unknown[] = [];
    const clauses = columns.map(([column, direction], i) => {
      const parts: string[] = [];
      for (let j = 0; j < i; j++) {
        parts.push(`${COLUMN[columns[j][0]]} = ?`);
        params.push(dbValue(j));
      }
      parts.push(`${COLUMN[column]} ${direction === QueryOrder.DESC ? '<' : '>'} ?`);
      params.push(dbValue(i));
      return `(${parts.join(' and ')})`;
    });
    const [first, direction] = columns[0];
    return {
      sql: `(${COLUMN[first]} ${direction === QueryOrder.DESC ? '<=' : '>='} ? and (${clauses.join(' or ')}))`,
      params: [dbValue(0), ...params],
    };
  }

  /**
   * {@link after} for `sort=dueAt` (due time ascending, tickets with no running clock last, then by
   * id): after a ticket with a due time come the later ones and every ticket without; after one
   * without, only those without and a greater id.
   */
  private afterDue([dueAt, id]: SortPosition): SqlPart {
    if (dueAt === null) return { sql: '(t.sla_due_at is null and t.id > ?)', params: [id] };
    return {
      sql: '(t.sla_due_at > ? or (t.sla_due_at = ? and t.id > ?) or t.sla_due_at is null)',
      params: [dueAt, dueAt, id],
    };
  }

  /**
   * Up to `limit` tickets matching `where` in `sort` order, from `offset`, as the API answers them
   * to `audience`, each with the values of its sort columns (for a cursor). With a search, each row
   * also says how many tickets match over all pages (counted in the same statement: the search
   * reads every match anyway) — of those after the cursor, when `where` has one.
   */
  async page(
    where: SqlPart,
    sort: TicketSort,
    limit: number,
    offset: number,
    audience: TicketAudience,
  ): Promise<PageRow[]> {
    const order = sortColumns(sort)
      // Tickets without a running SLA clock last (SQLite sorts nulls first, PostgreSQL last).
      .map(
        ([column, direction]) => `${COLUMN[column]} ${direction}${column === 'dueAt' ? ' nulls last' : ''}`,
      )
      .join(', ');
    const from = this.source(where);
    const sql = where.search
      ? // A search reads every match: the page is chosen (and the matches counted) on narrow rows
        // first, then only the page's tickets and people are read (10 ms down to 8 at 2,000 matches).
        `select ${TICKET_COLUMNS}, m.score as score, m.matches as matches, m.capped as capped, m.replies as replies from (
          select m.id, m.score, m.capped, m.replies, count(*) over () as matches from ${from.sql} where ${where.sql}
          order by ${order} limit ? offset ?
        ) m join tickets t on t.id = m.id ${PEOPLE_JOINS} order by ${order}`
      : `select ${TICKET_COLUMNS} from ${from.sql} ${PEOPLE_JOINS} where ${where.sql} order by ${indexOrder(sort)}${order} limit ? offset ?`;
    const rows = await this.all<TicketRow>(sql, [...from.params, ...where.params, limit, offset]);
    return rows.map((row) => {
      const ticket = this.toResponse(row, audience);
      const position = sortColumns(sort).map(([column]) =>
        column === 'createdAt' || column === 'updatedAt'
          ? date(column === 'createdAt' ? row.created_at : row.updated_at)
          : column === 'priority'
            ? ticket.priority
            : column === 'score'
              ? Number(row.score)
              : column === 'dueAt'
                ? dateOrNull(row.sla_due_at)
                : row.id,
      );
      return {
        ticket,
        position,
        matches: row.matches === undefined ? null : Number(row.matches),
        capped: Number(row.capped ?? 0) === 1,
        replyIds: row.replies ? row.replies.split(',').map(Number) : [],
      };
    });
  }

  /**
   * The list items of `tickets`, each with its `match`: with a search, the snippet of the text it
   * matched that the reader may see (see `ticketMatch`; internal notes only when `where`'s search is
   * a staff search), read for these tickets only; null without a search or when only the number matched.
   * @param replyIds with a search that lists them (`TicketSearch.listsReplies`), the page rows'
   *   `replyIds`: those replies are read by key instead of searched for again
   */
  async withMatches(
    where: SqlPart,
    tickets: TicketResponse[],
    replyIds: number[] = [],
  ): Promise<TicketListItemResponse[]> {
    const search = where.search;
    const replies = new Map<number, string[]>();
    const statement = !search
      ? null
      : search.listsReplies
        ? listedReplies(search, replyIds)
        : matchingReplies(
            search,
            tickets.map((ticket) => ticket.id),
          );
    if (statement) {
      const rows = await this.all<{ ticket_id: number; content: string }>(statement.sql, statement.params);
      for (const row of rows)
        replies.set(row.ticket_id, [...(replies.get(row.ticket_id) ?? []), row.content]);
    }
    return tickets.map((ticket) => ({
      ...ticket,
      match: search ? ticketMatch(ticket, replies.get(ticket.id) ?? [], search.query) : null,
    }));
  }

  /**
   * How many tickets match `where`, counting no further than `limit`: an index range scan of at
   * most `limit` entries, without the joins of the page; with a search, also whether it ranked
   * fewer texts than matched (`capped`, see `planTicketSearch`; always false without a search).
   */
  async countUpTo(where: SqlPart, limit: number): Promise<{ count: number; capped: boolean }> {
    const from = this.source(where);
    const [row] = await this.all<{ count: number | string; capped: number | string | null }>(
      `select count(*) as count, max(capped) as capped
        from (select ${where.search ? 'm.capped' : '0'} as capped from ${from.sql} where ${where.sql} limit ?) matching`,
      [...from.params, ...where.params, limit],
    );
    return { count: Number(row?.count ?? 0), capped: Number(row?.capped ?? 0) === 1 };
  }

  /**
   * Tickets matching `where` per status (statuses with none are absent); with a search, `capped` on
   * every row when it read only the newest matches (see `planTicketSearch`), false otherwise.
   */
  async countByStatus(
    where: SqlPart,
  ): Promise<Array<{ status: TicketStatus; count: number; capped: boolean }>> {
    const from = this.source(where);
    const rows = await this.all<{
      status: TicketStatus;
      count: number | string;
      capped: number | string | null;
    }>(
      `select t.status as status, count(*) as count, ${where.search ? 'max(m.capped)' : '0'} as capped
        from ${from.sql} where ${where.sql} group by t.status`,
      [...from.params, ...where.params],
    );
    return rows.map((row) => ({
      status: row.status,
      count: Number(row.count),
      capped: Number(row.capped ?? 0) === 1,
    }));
  }

  /**
   * Ticket `ref` (id or number) with the replies `user` may read, oldest first, and whether it has
   * any file at all (whoever may see it: `hasAttachments`, from the ticket's index on `attachments`;
   * most tickets have none, and the caller then skips reading them through the ORM, which cost a
   * quarter of a ticket request in the profile). Both statements run on one read connection, taken
   * once. Null when the ticket does not exist, was deleted, or is another customer's (the caller
   * answers 404 in each case).
   */
  async detail(
    ref: number | string,
    user: AuthUser,
  ): Promise<(TicketResponse & { replies: ReplyResponse[]; hasAttachments: boolean }) | null> {
    const own = isStaff(user.role) ? '' : ' and t.customer_id = ?';
    // Internal notes never reach a customer: the same rule as `visibleReplies`.
    const notes = can(user.role, Action.ReadInternalNotes) ? '' : ' and r.internal = ?';
    const found = await this.reading(async (all) => {
      const [row] = await all<TicketRow & { has_attachments: number | boolean }>(
        `select ${TICKET_COLUMNS}, exists (select 1 from attachments f where f.ticket_id = t.id) as has_attachments
         from tickets t ${PEOPLE_JOINS} where ${typeof ref === 'number' ? 't.id' : 't.number'} = ? and t.deleted_at is null${own} limit 1`,
        own ? [ref, user.id] : [ref],
      );
      if (!row) return null;
      const replies = await all<ReplyRow>(
        `select r.id, r.content, r.internal, r.created_at, u.id as author_id, u.first_name, u.last_name, u.role
         from replies r join users u on u.id = r.author_id where r.ticket_id = ?${notes} order by r.created_at asc, r.id asc`,
        notes ? [row.id, false] : [row.id],
      );
      return { row, replies };
    });
    if (!found) return null;
    const { row, replies } = found;
    return {
      ...this.toResponse(row, audienceOf(user)),
      replies: replies.map((reply) => ({
        id: reply.id,
        content: reply.content,
        internal: Boolean(reply.internal),
        author: { id: reply.author_id, name: fullName(reply.first_name, reply.last_name), role: reply.role },
        createdAt: date(reply.created_at).toISOString(),
      })),
      hasAttachments: Boolean(row.has_attachments),
    };
  }

  private toResponse(row: TicketRow, audience: TicketAudience): TicketResponse {
    const priority = TICKET_PRIORITIES[Number(row.priority)];
    if (!priority) throw new TypeError(`Unknown ticket priority rank ${row.priority}`);
    return toTicketResponse(
      {
        id: row.id,
        number: row.number,
        version: row.version,
        subject: row.subject,
        description: row.description,
        status: row.status,
        priority,
        category: row.category,
        contactNumber: row.contact_number,
        affectedItem: row.affected_item,
        customer: { id: row.c_id, email: row.c_email, name: fullName(row.c_first_name, row.c_last_name) },
        assignee:
          row.a_id === null
            ? null
            : {
                id: row.a_id,
                email: row.a_email ?? '',
                name: fullName(row.a_first_name ?? '', row.a_last_name ?? ''),
              },
        createdAt: date(row.created_at),
        updatedAt: date(row.updated_at),
        firstResponseAt: dateOrNull(row.first_response_at),
        resolvedAt: dateOrNull(row.resolved_at),
        closedAt: dateOrNull(row.closed_at),
        firstResponseDueAt: dateOrNull(row.first_response_due_at),
        resolutionDueAt: dateOrNull(row.resolution_due_at),
        slaPausedAt: dateOrNull(row.sla_paused_at),
        slaPausedSeconds: Number(row.sla_paused_seconds),
        slaDueAt: dateOrNull(row.sla_due_at),
        slaAtRiskAt: dateOrNull(row.sla_at_risk_at),
      },
      audience,
      this.clock.now(),
    );
  }

  /**
   * Runs `work` (the statements of one request, one at a time) now, or, when `where` searches, in
   * turn with the other searches: at most `DB_POOL_SIZE - 1` run at once, so however many arrive
   * (and a search for a word in every ticket reads every match to rank them), a read connection
   * stays free for everyone else's requests; searches wait in arrival order, and leave the queue
   * when their client goes (see `SearchQueue`).
   * @param gone fires when the client has gone (see `clientGone`)
   * @throws ServiceUnavailableException 503 `SERVER_BUSY` with `Retry-After: 1` when
   *   {@link MAX_WAITING_SEARCHES} searches are already waiting
   */
  async guard<T>(where: SqlPart, work: () => Promise<T>, gone?: AbortSignal): Promise<T> {
    if (!where.search) return work();
    return this.searches.run(work, gone);
  }

  /** The rows of one statement on a read connection (see {@link reading}). */
  private all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.reading((rows) => rows<T>(sql, params));
  }

  /**
   * Runs `work` with one read connection, taken once for all of its statements and given back when
   * `work` settles: `rows(sql, params)` gives the rows of one statement. On SQLite the statements go
   * straight to the pooled `sqlite3` connection, borrowed from the same knex pool MikroORM uses: the
   * benchmark showed knex's statement handling costing as much as SQLite's own work for these small
   * reads. On PostgreSQL each statement goes through MikroORM's read connection.
   */
  private async reading<R>(
    work: (rows: <T>(sql: string, params: unknown[]) => Promise<T[]>) => Promise<R>,
  ): Promise<R> {
    const connection = this.em.getConnection('read');
    if (this.config.dialect !== 'sqlite')
      return work(
        async <T>(sql: string, params: unknown[]) => (await connection.execute(sql, params, 'all')) as T[],
      );
    const pool = connection.getKnex().client as unknown as SqlitePool;
    const sqlite = await pool.acquireConnection();
    try {
      return await work(
        <T>(sql: string, params: unknown[]) =>
          new Promise<T[]>((done, fail) =>
            sqlite.all(sql, params, (error, rows) => (error ? fail(error) : done(rows as T[]))),
          ),
      );
    } finally {
      await pool.releaseConnection(sqlite);
    }
  }
}
