import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

import { ErrorCode, parseTicketNumber } from '@hd/shared/domain';

/** A ticket as named in a route: its id, or its number (`TICK-20261126-0001`). */
export type TicketRef = number | string;

/**
 * Parses `:id` of the ticket routes: a canonical positive integer (`42`, not `042`, `4.2e1` or
 * past 2^31-1) is an id; a ticket number is kept as a number (canonical upper-case prefix).
 * Anything else is a 404 naming the value, exactly like a ticket that does not exist.
 * @throws NotFoundException `NOT_FOUND` ("Ticket 'abc' not found")
 */
@Injectable()
export class ParseTicketRefPipe implements PipeTransform<string, TicketRef> {
  transform(value: string): TicketRef {
    if (/^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2_147_483_647) return Number(value);
    const number = parseTicketNumber(value);
    if (number) return number;
    throw new NotFoundException({
      message: `Ticket '${value.slice(0, 64)}' not found`,
      code: ErrorCode.NotFound,
    });
  }
}

/** The Swagger description of a ticket route's `:id`: an id or a ticket number. */
export const TICKET_REF_PARAM = {
  name: 'id',
  type: String,
  example: 'TICK-20261126-0001',
  description: "The ticket's id (`42`) or number (`TICK-20261126-0001`)",
};
