import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

import { Action, AssignmentMode, LOAD_STATUSES, rolesAllowedTo } from '@hd/shared/domain';

import { SettingsService } from '../settings/settings.service';
import { User } from '../users/user.entity';

/** The name of the one {@link AssignmentPointer} row. */
const POINTER = 'auto';

/**
 * Chooses who a new ticket goes to under the `assignment.mode` setting (issue 9): nobody in
 * `manual` mode; otherwise one of the active users the permission table lets be assigned
 * (`rolesAllowedTo(Action.BeAssigned)`) who said they are available:
 * - `round_robin`: the next one by id after the user the previous automatic assignment chose
 *   (the `assignment_pointers` row), starting again from the lowest id;
 * - `least_loaded`: the one with the fewest `open`, `in_progress` and `reopened` tickets (read
 *   from the counts the database keeps, `ticket_counts`), ties to the one whose last assignment is
 *   longest ago (never assigned first), then by id.
 *
 * It runs inside the transaction that creates the ticket, which first takes the pointer row's lock
 * (an upsert): on PostgreSQL, concurrent creations choose one after another, each seeing the
 * tickets and the pointer the previous one committed, so nobody is skipped or chosen twice in a
 * row while others wait; SQLite runs one write transaction at a time anyway.
 */
@Injectable()
export class AutoAssignment {
  constructor(private readonly settings: SettingsService) {}

  /**
   * The assignment mode new tickets are created under now. Read it before the creating transaction
   * starts: the settings are read on a connection of their own when not cached, which the
   * transaction should neither wait for while holding its locks nor (on a one-connection SQLite
   * database) block.
   */
  async mode(): Promise<AssignmentMode> {
    return (await this.settings.get()).assignment.mode;
  }

  /**
   * The user a ticket created now goes to, or null (manual mode, or nobody available). In the
   * automatic modes, locks the pointer row until the transaction ends and moves it to the chosen user.
   * @param em the EntityManager of the creating transaction (`em.transactional`)
   * @param now the creation time, stored with the pointer
   * @param mode the assignment mode, from {@link mode}
   */
  async choose(em: EntityManager, now: Date, mode: AssignmentMode): Promise<User | null> {
    if (mode === AssignmentMode.Manual) return null;
    const connection = em.getConnection();
    const context = em.getTransactionContext();
    const [pointer] = await connection.execute<Array<{ last_user_id: number | string | null }>>(
      'insert into assignment_pointers (name, last_user_id, updated_at) values (?, null, null) ' +
        'on conflict (name) do update set last_user_id = assignment_pointers.last_user_id returning last_user_id',
      [POINTER],
      'all',
      context,
    );
    const candidates = await em.find(
      User,
      { active: true, available: true, role: { $in: rolesAllowedTo(Action.BeAssigned) } },
      { orderBy: { id: 'asc' }, refresh: true },
    );
    if (!candidates.length) return null;
    const lastUserId = pointer.last_user_id === null ? null : Number(pointer.last_user_id);
    const chosen =
      mode === AssignmentMode.LeastLoaded
        ? await this.leastLoaded(em, candidates)
        : (candidates.find((user) => lastUserId === null || user.id > lastUserId) ?? candidates[0]);
    await connection.execute(
      'update assignment_pointers set last_user_id = ?, updated_at = ? where name = ?',
      [chosen.id, em.getPlatform().processDateProperty(now), POINTER],
      'run',
      context,
    );
    return chosen;
  }

  /** Of `candidates` (by id), the one with the fewest tickets to work on, then assigned longest ago. */
  private async leastLoaded(em: EntityManager, candidates: readonly User[]): Promise<User> {
    const ids = candidates.map((user) => user.id);
    const rows = await em
      .getConnection()
      .execute<Array<{ assignee_id: number | string; load: number | string | null }>>(
        `select assignee_id, sum(count) as load from ticket_counts where assignee_id in (${ids.map(() => '?').join(', ')})` +
          ` and status in (${LOAD_STATUSES.map(() => '?').join(', ')}) group by assignee_id`,
        [...ids, ...LOAD_STATUSES],
        'all',
        em.getTransactionContext(),
      );
    const loads = new Map(rows.map((row) => [Number(row.assignee_id), Number(row.load ?? 0)]));
    const lastAssigned = (user: User): number => user.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    return [...candidates].sort(
      (a, b) =>
        (loads.get(a.id) ?? 0) - (loads.get(b.id) ?? 0) || lastAssigned(a) - lastAssigned(b) || a.id - b.id,
    )[0];
  }
}
