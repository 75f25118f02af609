import type { ServerResponse } from 'node:http';

import { ServiceUnavailableException } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/domain';

/** A search waiting for its turn. */
interface Waiter {
  /** Gives it the turn of a search that finished. */
  start(): void;
}

const busy = (message: string): ServiceUnavailableException =>
  new ServiceUnavailableException({ message, code: ErrorCode.ServerBusy, retryAfterSeconds: 1 });

/**
 * Turns for searches: at most `running` at once, the others wait in arrival order, at most
 * `waiting` of them. A search whose client has gone while it waited (its `AbortSignal` fired)
 * leaves the queue at once, so a burst of abandoned requests (a closed tab, a client that timed
 * out) neither runs for nobody nor keeps a place from the searches that follow.
 */
export class SearchQueue {
  private active = 0;
  private readonly queue: Waiter[] = [];

  /**
   * @param running searches at once, at least 1
   * @param waiting searches that may wait for a turn; past that a search is refused
   */
  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  /** Searches running now. */
  get activeCount(): number {
    return this.active;
  }

  /** Searches waiting for a turn now. */
  get pendingCount(): number {
    return this.queue.length;
  }

  /**
   * Runs `work` in its turn and returns what it returns.
   * @param signal aborts the wait when the client has gone (the work itself is not interrupted)
   * @throws ServiceUnavailableException 503 `SERVER_BUSY` (`retryAfterSeconds: 1`) when `waiting`
   *   searches already wait, or when `signal` fires before the turn comes (nobody reads that answer)
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw busy('The request was abandoned');
    if (this.active < this.running) this.active++;
    else await this.wait(signal);
    try {
      return await work();
    } finally {
      // The turn goes to the first waiter, or back to the pool.
      const next = this.queue.shift();
      if (next) next.start();
      else this.active--;
    }
  }

  private wait(signal?: AbortSignal): Promise<void> {
    if (this.queue.length >= this.waiting) throw busy('Too many searches at once; retry in a second');
    return new Promise<void>((resolve, reject) => {
      const abandon = (): void => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        reject(busy('The request was abandoned'));
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', abandon);
          resolve();
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', abandon, { once: true });
    });
  }
}

/**
 * An `AbortSignal` that fires when the client closes the connection before its answer is sent (a
 * closed tab, a client that gave up), for {@link SearchQueue.run}.
 * @param response the Node response under Fastify's reply (`reply.raw`)
 */
export function clientGone(response: Pick<ServerResponse, 'once' | 'writableFinished'>): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
