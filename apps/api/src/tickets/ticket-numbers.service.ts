import { EntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';

import { formatTicketNumber, ticketNumberDay } from '@hd/shared/domain';

/**
 * Gives out ticket numbers (`TICK-YYYYMMDD-NNNN`): one atomic upsert on `ticket_number_sequences`
 * per ticket. Called inside the transaction that inserts the ticket, so a number is never given
 * twice (the row stays locked until commit on PostgreSQL; SQLite has one writer at a time), and a
 * rolled-back creation gives its number back with it.
 */
@Injectable()
export class TicketNumbers {
  /**
   * The number of the next ticket created at `at` (its UTC day).
   * @param em the EntityManager of the inserting transaction (`em.transactional`)
   */
  async next(em: EntityManager, at: Date): Promise<string> {
    const rows = await em
      .getConnection()
      .execute<Array<{ last: number | string }>>(
        'insert into ticket_number_sequences (day, last) values (?, 1) ' +
          'on conflict (day) do update set last = ticket_number_sequences.last + 1 returning last',
        [ticketNumberDay(at)],
        'all',
        em.getTransactionContext(),
      );
    return formatTicketNumber(at, Number(rows[0].last));
  }
}
