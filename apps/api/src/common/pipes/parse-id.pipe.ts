import { Injectable, NotFoundException, Optional, PipeTransform } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/domain';

/**
 * Parses a numeric id from the route. Anything that is not a positive integer is a 404, exactly
 * like an id that does not exist, so an id's form tells nothing about what exists.
 * Use as `@Param('id', ParseIdPipe)` for tickets or `@Param('id', new ParseIdPipe('Notification'))`.
 * @throws NotFoundException for `abc`, `0`, `-1`, `1.5`, `1e3` or ids past 2^31-1
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  private readonly resource: string;

  /** @param resource what the id names, for the 404 message (default `Ticket`) */
  constructor(@Optional() resource?: string) {
    this.resource = typeof resource === 'string' ? resource : 'Ticket';
  }

  transform(value: string): number {
    if (/^[1-9]\d{0,9}$/.test(value)) {
      const id = Number(value);
      if (id <= 2_147_483_647) return id;
    }
    throw new NotFoundException({ message: `${this.resource} ${value} not found`, code: ErrorCode.NotFound });
  }
}
