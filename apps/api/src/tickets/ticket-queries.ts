import { QueryOrder } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import pLimit from 'p-limit';

import {
  Action,
  can,
  ErrorCode,
  fullName,
  isStaff,
  parseTicketNumber,
  ReplyResponse,
  Role,
  TICKET_PRIORITIES,
  TicketCategory,
  TicketPriority,
  TicketResponse,
  TicketSort,
  TicketStatus,
} from '@hd/shared/domain';
import { ListTicketsQueryDto } from '@hd/shared/dto';

import { AuthUser } from '../common/decorators/current-user.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { sortColumns } from './ticket-cursor';
import { audienceOf, TicketAudience, toTicketResponse } from './ticket.mapper';

/** A piece of SQL with its `?` parameters. */
export interface SqlPart {
  sql: string;
  params: unknown[];
  /** True when the condition reads every ticket (a search no index answers). */
  scans?: boolean;
}

/** The knex client of a SQLite connection: its pool of `sqlite3` connections. */
interface SqlitePool {
  acquireConnection(): Promise<{
    all(sql: string, params: unknown[], done: (error: Error | null, rows: unknown[]) => void): void;
  }>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** Scanning searches run one at a time; this many more may wait, past that the request is a 503. */
export const MAX_WAITING_SCANS = 8;

/** Columns of the list and detail queries: the ticket, its customer (`c_`) and its assignee (`a_`). */
const TICKET_COLUMNS = `t.id, t.number, t.version, t.subject, t.description, t.status, t.priority, t.category,
  t.contact_number, t.affected_item, t.created_at, t.updated_at, t.first_response_at, t.resolved_at, t.closed_at,
  c.id as c_id, c.email as c_email, c.first_name as c_first_name, c.last_name as c_last_name,
  a.id as a_id, a.email as a_email, a.first_name as a_first_name, a.last_name as a_last_name`;
const TICKET_FROM =
  'tickets t join users c on c.id = t.customer_id left join users a on a.id = t.assignee_id';

/** The database's names of the sort columns. */
const COLUMN: Record<ReturnType<typeof sortColumns>[number][0], string> = {
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  priority: 't.priority',
  id: 't.id',
};

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
  c_id: number;
  c_email: string;
  c_first_name: string;
  c_last_name: string;
  a_id: number | null;
  a_email: string | null;
  a_first_name: string | null;
  a_last_name: string | null;
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
  /** The queue of scanning searches (see {@link guard}). */
  private readonly scans = pLimit(1);

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The `where` of the list's filters plus the isolation rule and soft deletion (tickets `t`).
   * `status` is left out when `withStatus` is false (the per-status counts).
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
    const number = query.q ? parseTicketNumber(query.q) : null;
    if (number) add('t.number = ?', number);
    else if (query.q && this.config.dialect === 'sqlite' && [...query.q].length >= 3) {
      // The trigram index (migration `ticket_search`): the text as one FTS5 phrase, `"` doubled.
      add(
        't.id in (select rowid from tickets_search where tickets_search match ?)',
        `"${query.q.replace(/"/g, '""')}"`,
      );
    } else if (query.q) {
      // Case-insensitive substring, with `%` and `_` taken literally: a scan (PostgreSQL, or fewer
      // than three characters, which a trigram index cannot look up).
      const position = this.config.dialect === 'sqlite' ? 'instr' : 'strpos';
      const needle = query.q.toLowerCase();
      add(
        `(${['t.subject', 't.description', 't.affected_item'].map((c) => `${position}(lower(${c}), ?) > 0`).join(' or ')})`,
        needle,
        needle,
        needle,
      );
      return { sql: sql.join(' and '), params, scans: true };
    }
    return { sql: sql.join(' and '), params };
  }

  /**
   * The `where` over `ticket_counts` (see `TicketCount`) that answers how many tickets match the
   * query, when the counts can: staff, filtered at most by status and assignee. Null otherwise
   * (a customer's own tickets, or priority, category, affected item, search or `updatedSince`).
   */
  countsWhere(query: ListTicketsQueryDto, user: AuthUser, withStatus = true): SqlPart | null {
    if (
      !isStaff(user.role) ||
      query.priority ||
      query.category ||
      query.affectedItem ||
      query.q ||
      query.updatedSince
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
   * `(c1 > v1) or (c1 = v1 and c2 > v2) or ...`, `<` for descending columns.
   * @param values the position: dates as `Date`, the priority as its name
   */
  after(sort: TicketSort, values: Array<Date | string | number>): SqlPart {
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
    return { sql: `(${clauses.join(' or ')})`, params };
  }

  /**
   * Up to `limit` tickets matching `where` in `sort` order, from `offset`, as the API answers them
   * to `audience`, each with the values of its sort columns (for a cursor).
   */
  async page(
    where: SqlPart,
    sort: TicketSort,
    limit: number,
    offset: number,
    audience: TicketAudience,
  ): Promise<Array<{ ticket: TicketResponse; position: Array<Date | string | number> }>> {
    const order = sortColumns(sort)
      .map(([column, direction]) => `${COLUMN[column]} ${direction}`)
      .join(', ');
    const rows = await this.all<TicketRow>(
      `select ${TICKET_COLUMNS} from ${TICKET_FROM} where ${where.sql} order by ${order} limit ? offset ?`,
      [...where.params, limit, offset],
    );
    return rows.map((row) => {
      const ticket = this.toResponse(row, audience);
      const position = sortColumns(sort).map(([column]) =>
        column === 'createdAt' || column === 'updatedAt'
          ? date(column === 'createdAt' ? row.created_at : row.updated_at)
          : column === 'priority'
            ? ticket.priority
            : row.id,
      );
      return { ticket, position };
    });
  }

  /**
   * How many tickets match `where`, counting no further than `limit`: an index range scan of at
   * most `limit` entries, without the joins of the page.
   */
  async countUpTo(where: SqlPart, limit: number): Promise<number> {
    const [row] = await this.all<{ count: number | string }>(
      `select count(*) as count from (select 1 from tickets t where ${where.sql} limit ?) matching`,
      [...where.params, limit],
    );
    return Number(row?.count ?? 0);
  }

  /** Tickets matching `where` per status (statuses with none are absent). */
  async countByStatus(where: SqlPart): Promise<Array<{ status: TicketStatus; count: number }>> {
    const rows = await this.all<{ status: TicketStatus; count: number | string }>(
      `select t.status as status, count(*) as count from tickets t where ${where.sql} group by t.status`,
      where.params,
    );
    return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
  }

  /**
   * Ticket `id` with the replies `user` may read, oldest first; null when it does not exist, was
   * deleted, or is another customer's (the caller answers 404 in each case).
   */
  async detail(
    ref: number | string,
    user: AuthUser,
  ): Promise<(TicketResponse & { replies: ReplyResponse[] }) | null> {
    const own = isStaff(user.role) ? '' : ' and t.customer_id = ?';
    const [row] = await this.all<TicketRow>(
      `select ${TICKET_COLUMNS} from ${TICKET_FROM} where ${typeof ref === 'number' ? 't.id' : 't.number'} = ? and t.deleted_at is null${own} limit 1`,
      own ? [ref, user.id] : [ref],
    );
    if (!row) return null;
    // Internal notes never reach a customer: the same rule as `visibleReplies`.
    const notes = can(user.role, Action.ReadInternalNotes) ? '' : ' and r.internal = ?';
    const replies = await this.all<ReplyRow>(
      `select r.id, r.content, r.internal, r.created_at, u.id as author_id, u.first_name, u.last_name, u.role
       from replies r join users u on u.id = r.author_id where r.ticket_id = ?${notes} order by r.created_at asc, r.id asc`,
      notes ? [row.id, false] : [row.id],
    );
    return {
      ...this.toResponse(row, audienceOf(user)),
      replies: replies.map((reply) => ({
        id: reply.id,
        content: reply.content,
        internal: Boolean(reply.internal),
        author: { id: reply.author_id, name: fullName(reply.first_name, reply.last_name), role: reply.role },
        createdAt: date(reply.created_at).toISOString(),
      })),
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
      },
      audience,
    );
  }

  /**
   * Runs `work` (the statements of one request) now, or, when `where` scans every ticket, after the
   * scanning searches before it: they run one at a time, so however many arrive, the other read
   * connections stay free for everyone else's requests.
   * @throws ServiceUnavailableException 503 `SERVER_BUSY` with `Retry-After: 1` when
   *   {@link MAX_WAITING_SCANS} scanning searches are already waiting
   */
  async guard<T>(where: SqlPart, work: () => Promise<T>): Promise<T> {
    if (!where.scans) return work();
    // One running plus the waiting ones (p-limit counts a search as pending until it starts).
    if (this.scans.activeCount + this.scans.pendingCount > MAX_WAITING_SCANS) {
      throw new ServiceUnavailableException({
        message: 'Too many searches at once; retry in a second, or search for at least three characters',
        code: ErrorCode.ServerBusy,
        retryAfterSeconds: 1,
      });
    }
    return this.scans(work);
  }

  /**
   * The rows of one statement on a read connection. On SQLite the statement goes straight to the
   * pooled `sqlite3` connection, borrowed from the same knex pool MikroORM uses: the benchmark showed
   * knex's statement handling costing as much as SQLite's own work for these small reads.
   */
  private async all<T>(sql: string, params: unknown[]): Promise<T[]> {
    const connection = this.em.getConnection('read');
    if (this.config.dialect !== 'sqlite') return (await connection.execute(sql, params, 'all')) as T[];
    const pool = connection.getKnex().client as unknown as SqlitePool;
    const sqlite = await pool.acquireConnection();
    try {
      return await new Promise<T[]>((done, fail) =>
        sqlite.all(sql, params, (error, rows) => (error ? fail(error) : done(rows as T[]))),
      );
    } finally {
      await pool.releaseConnection(sqlite);
    }
  }
}
