import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/dto';

/**
 * Parses a numeric ticket id from the route. Anything that is not a positive integer is a 404, exactly like an id
 * that does not exist, so an id's form tells nothing about what exists.
 * @throws NotFoundException for `abc`, `0`, `-1`, `1.5`, `1e3` or ids past 2^31-1
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (/^[1-9]\d{0,9}$/.test(value)) {
      const id = Number(value);
      if (id <= 2_147_483_647) return id;
    }
    throw new NotFoundException({ message: `Ticket ${value} not found`, code: ErrorCode.NotFound });
  }
}
