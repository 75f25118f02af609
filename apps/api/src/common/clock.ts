import { Injectable } from '@nestjs/common';

/**
 * Where the API reads the current time for its time-based rules (token expiry, reopen windows,
 * SLA clocks, auto-close). Inject `Clock` instead of calling `new Date()` in such a rule, so tests
 * can move time with {@link FakeClock} instead of sleeping.
 */
@Injectable()
export class Clock {
  /** The current time. */
  now(): Date {
    return new Date();
  }
}

/** A clock for tests: stands still until moved. */
export class FakeClock extends Clock {
  constructor(private current = new Date('2026-11-26T09:00:00.000Z')) {
    super();
  }

  override now(): Date {
    return new Date(this.current.getTime());
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  /** Sets the clock to `at`. */
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
}
