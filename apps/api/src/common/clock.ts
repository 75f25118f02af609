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

/**
 * The clock of a process started with `CLOCK_CONTROL=true` (integration and browser tests): runs
 * with real time, shifted by an offset that `PUT /api/testing/clock` moves. Only ever forwards in
 * practice, but `set` may also go back.
 */
export class ControllableClock extends Clock {
  /** How far this clock is ahead of the real time, in ms. */
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward by `ms` milliseconds (negative: back). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Sets the clock to `at`; it runs on from there. */
  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
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
