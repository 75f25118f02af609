import { Platform, Type } from '@mikro-orm/core';

import { TICKET_PRIORITIES, TicketPriority } from '@hd/shared/domain';

/**
 * Stores a priority as its rank (0 low to 3 urgent) so that sorting by priority is a plain,
 * indexable `ORDER BY` on every database.
 */
export class PriorityType extends Type<TicketPriority, number> {
  override convertToDatabaseValue(value: TicketPriority | number): number {
    if (typeof value === 'number') return value;
    const rank = TICKET_PRIORITIES.indexOf(value);
    if (rank < 0) throw new TypeError(`Unknown ticket priority '${value}'`);
    return rank;
  }

  override convertToJSValue(value: number | TicketPriority): TicketPriority {
    if (typeof value === 'string') return value;
    const priority = TICKET_PRIORITIES[Number(value)];
    if (!priority) throw new TypeError(`Unknown ticket priority rank ${value}`);
    return priority;
  }

  override getColumnType(_prop: unknown, platform: Platform): string {
    return platform.getSmallIntTypeDeclarationSQL({});
  }

  override compareAsType(): string {
    return 'string';
  }
}
