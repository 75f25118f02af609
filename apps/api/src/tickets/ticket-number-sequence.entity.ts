import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The last ticket sequence given out on one UTC day, for ticket numbers. Incremented by an atomic
 * upsert in the transaction that inserts the ticket (see `TicketNumbers`), so concurrent creations
 * get distinct numbers on SQLite and PostgreSQL alike and a number is never given twice.
 */
@Entity({ tableName: 'ticket_number_sequences' })
export class TicketNumberSequence {
  /** `YYYYMMDD`. */
  @PrimaryKey({ type: 'string', length: 8 })
  day!: string;

  @Property({ type: 'integer' })
  last!: number;
}
