import { BadRequestException, Body, Controller, Get, Put } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { ErrorCode } from '@hd/shared/domain';

import { Clock, ControllableClock } from '../common/clock';
import { Public } from '../common/decorators/public.decorator';

/** The body of `PUT /api/testing/clock`: either `now` (an ISO 8601 date-time) or `advanceMs`. */
interface ClockChange {
  now?: unknown;
  advanceMs?: unknown;
}

/**
 * `/api/testing/clock`, registered only with `CLOCK_CONTROL=true` (tests; refused in production):
 * integration and browser tests move this process's {@link ControllableClock} to reach SLA
 * deadlines or auto-close without waiting. Left out of the OpenAPI document: it is not part of the
 * product's API.
 */
@ApiExcludeController()
@Public()
@Controller('testing/clock')
export class ClockControlController {
  constructor(private readonly clock: Clock) {}

  /** `{now}`: this process's current time (ISO 8601 UTC). */
  @Get()
  read(): { now: string } {
    return { now: this.clock.now().toISOString() };
  }

  /**
   * Moves the clock: `{advanceMs: 3600000}` forward by an hour (ms, may be negative), or
   * `{now: '2026-12-01T09:00:00Z'}` to that time; the clock runs on from there.
   * @returns `{now}` after the move
   * @throws BadRequestException (`VALIDATION_FAILED`) for anything else
   */
  @Put()
  move(@Body() body: ClockChange): { now: string } {
    const clock = this.clock as ControllableClock;
    if (typeof body?.advanceMs === 'number' && Number.isFinite(body.advanceMs)) {
      clock.advance(body.advanceMs);
    } else if (typeof body?.now === 'string' && !Number.isNaN(Date.parse(body.now))) {
      clock.set(new Date(body.now));
    } else {
      throw new BadRequestException({
        code: ErrorCode.ValidationFailed,
        message: 'Send {"advanceMs": <milliseconds>} or {"now": "<ISO 8601 date-time>"}',
      });
    }
    return this.read();
  }
}
