import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  BehaviorSubject,
  catchError,
  defer,
  distinctUntilChanged,
  EMPTY,
  finalize,
  map,
  merge,
  Observable,
  of,
  Subject,
  switchMap,
  tap,
  throwError,
} from 'rxjs';

import {
  type AgentSummary,
  AutomaticTrigger,
  automaticTransition,
  type CreateReplyRequest,
  isStaff,
  parseTicketNumber,
  type ReplyResponse,
  slaViewAfterFirstResponse,
  type TicketDetailResponse,
  type TicketHistoryEventResponse,
  type TicketPriority,
  type TicketResponse,
  type TicketStatus,
  type UpdateTicketRequest,
} from '@hd/shared/domain';
import {
  RealtimeService,
  RepliesApiService,
  TicketHistoryApiService,
  TicketsApiService,
  UsersApiService,
} from '@hd/web/data-access';

/** A request the store made on its own that failed, for the page to report: the error and what to say. */
export interface TicketDetailFailure {
  error: unknown;
  /** What to show when the error carries no message of its own. */
  message: string;
}

/** What `GET /api/tickets/:id` gave: the ticket, or that it is not there (404). */
type LoadResult = { ticket: TicketDetailResponse } | { notFound: true } | { failed: unknown };

/** How a route names a ticket: its id, or its canonical number (`TICK-YYYYMMDD-NNNN`). */
export type TicketRef = number | string;

/** The ticket a route parameter names (a positive id, or a ticket number in any case), or null. */
export function parseTicketRef(value: string): TicketRef | null {
  if (/^\d+$/.test(value)) {
    const id = Number(value);
    return Number.isSafeInteger(id) && id >= 1 ? id : null;
  }
  return parseTicketNumber(value);
}

/** Whether ISO time `a` is strictly before ISO time `b`. */
function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

/**
 * The state of one ticket page: the ticket with its thread, its history (activity), whether it is
 * loading or not found, whether a change is on its way (`busy`), and the agents for the assignee
 * picker. The route names the ticket by id or by number; once loaded, everything else (changes,
 * history, the socket) uses its id.
 *
 * Changes apply the server's answer to the state instead of fetching the ticket again: a status
 * move, an edit or an assignment returns the ticket (merged in, thread kept); a reply returns the
 * reply (appended, with the status move a customer's reply makes, the new `updatedAt` and the next
 * version, as a public reply changes the ticket once). The
 * mutation methods return cold observables: nothing is sent until the caller subscribes, and
 * errors reach the caller (the ticket is then reloaded, as it may have moved meanwhile).
 *
 * The store follows the ticket over the socket: an update no newer than the state (the echo of
 * the page's own change) is ignored, a newer one reloads the ticket (events carry no thread), and
 * so does every reconnection. Loads never overlap: a later one cancels an earlier one, and an
 * answer older than the state is not applied. The history is fetched again after every load of
 * the ticket and after every change of the page's own. Provide it in the page component's `providers`.
 */
@Injectable()
export class TicketDetailStore {
  private readonly ticketsApi = inject(TicketsApiService);
  private readonly repliesApi = inject(RepliesApiService);
  private readonly usersApi = inject(UsersApiService);
  private readonly historyApi = inject(TicketHistoryApiService);
  private readonly realtime = inject(RealtimeService);
  private readonly destroyRef = inject(DestroyRef);

  /** The ticket the route names; null for a parameter that cannot name one. */
  private readonly ticketRef = new BehaviorSubject<TicketRef | null>(null);
  /** The id of the ticket shown, once loaded; null before (and for a ticket that is not there). */
  private readonly ticketId = new BehaviorSubject<number | null>(null);
  /** Each value starts a load of that ticket (null cancels the one under way). */
  private readonly loads = new Subject<TicketRef | null>();
  /** Each value starts a load of that ticket's history (the latest cancelling the one under way). */
  private readonly historyLoads = new Subject<number>();
  private readonly failuresSubject = new Subject<TicketDetailFailure>();
  /** The newest `updatedAt` announced over the socket while a change of ours was on its way. */
  private missedUpdate: string | null = null;

  private readonly ticketState = signal<TicketDetailResponse | null>(null);
  private readonly loadingState = signal(true);
  private readonly notFoundState = signal(false);
  private readonly busyState = signal(false);
  private readonly agentsState = signal<AgentSummary[]>([]);
  private readonly historyState = signal<TicketHistoryEventResponse[]>([]);

  /** The ticket with its thread, oldest first; null until loaded and when not found. */
  public readonly ticket = this.ticketState.asReadonly();
  /** True while the ticket is being fetched. */
  public readonly loading = this.loadingState.asReadonly();
  /** True when the ticket does not exist or is not the user's (404), or the id is malformed. */
  public readonly notFound = this.notFoundState.asReadonly();
  /** True while a change of the page is on its way. */
  public readonly busy = this.busyState.asReadonly();
  /** Agents and admins, for the assignee picker (after {@link loadAgents}). */
  public readonly agents = this.agentsState.asReadonly();
  /** The ticket's recorded changes, oldest first; empty until loaded. */
  public readonly history = this.historyState.asReadonly();
  /** Loads that failed for another reason than a 404, for the page to report. */
  public readonly failures: Observable<TicketDetailFailure> = this.failuresSubject.asObservable();

  /** Starts the load pipelines and follows the ticket over the socket once it has loaded. */
  public constructor() {
    this.applyLoads();
    this.applyHistoryLoads();
    this.followLiveUpdates();
  }

  /**
   * Shows the ticket a route parameter names, by id or by number: loads it, then follows it live.
   * Anything else is not found.
   */
  public load(param: string): void {
    const ref = parseTicketRef(param);
    this.ticketRef.next(ref);
    this.ticketId.next(null);
    this.historyState.set([]);
    if (ref === null) {
      this.loads.next(null);
      this.ticketState.set(null);
      this.notFoundState.set(true);
      this.loadingState.set(false);
      return;
    }
    this.reload();
  }

  /** Loads the agents for the assignee picker (staff only: a customer gets a 403). */
  public loadAgents(): void {
    this.usersApi
      .listAgents()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (agents) => this.agentsState.set(agents),
        error: (error: unknown) =>
          this.failuresSubject.next({ error, message: 'Could not load the list of agents.' }),
      });
  }

  /** Moves the ticket to `status` (one `PATCH`). Errors: as TicketsApiService.changeStatus. */
  public changeStatus(status: TicketStatus): Observable<TicketResponse> {
    return this.mutateTicket((id) => this.ticketsApi.changeStatus(id, status, this.version()));
  }

  /** Assigns the ticket: `undefined` to the current user, a number to that agent, `null` to nobody. */
  public assign(agentId?: number | null): Observable<TicketResponse> {
    return this.mutateTicket((id) => this.ticketsApi.assign(id, agentId));
  }

  /** Sets the priority (staff only). Errors: as TicketsApiService.update. */
  public setPriority(priority: TicketPriority): Observable<TicketResponse> {
    return this.mutateTicket((id) => this.ticketsApi.update(id, { priority }, this.version()));
  }

  /**
   * Saves edited fields (subject and description, contact number and affected item; null clears
   * those two). Errors: as TicketsApiService.update (400 with `errors` per field, 409 once it is no
   * longer editable).
   */
  public update(change: Omit<UpdateTicketRequest, 'priority'>): Observable<TicketResponse> {
    return this.mutateTicket((id) => this.ticketsApi.update(id, change, this.version()));
  }

  /** Adds a reply or (staff) an internal note to the thread. Errors: as RepliesApiService.create. */
  public reply(body: CreateReplyRequest): Observable<ReplyResponse> {
    return this.mutate(
      (id) => this.repliesApi.create(id, body),
      (reply) => this.applyReply(reply),
    );
  }

  /** Deletes the ticket; `busy` stays on after success, as the page is leaving. Errors: as TicketsApiService.remove. */
  public remove(): Observable<void> {
    return defer(() => {
      const id = this.ticketId.value;
      if (id === null) return throwError(() => new Error('No ticket to delete'));
      this.busyState.set(true);
      return this.ticketsApi.remove(id).pipe(tap({ error: () => this.busyState.set(false) }));
    });
  }

  /** The version of the ticket the page shows: a change based on it is refused (412) if it is stale. */
  private version(): number | undefined {
    return this.ticketState()?.version;
  }

  /** Sends a change whose answer is the updated ticket, and merges it into the state. */
  private mutateTicket(send: (id: number) => Observable<TicketResponse>): Observable<TicketResponse> {
    return this.mutate(send, (ticket) => this.applyTicket(ticket));
  }

  /**
   * Sends a change while `busy`, applies its answer and fetches the history again, then reloads if
   * the socket announced a newer version meanwhile (someone else's change). On error the ticket is
   * reloaded.
   */
  private mutate<T>(send: (id: number) => Observable<T>, apply: (result: T) => void): Observable<T> {
    return defer(() => {
      const id = this.ticketId.value;
      if (id === null) return throwError(() => new Error('No ticket to change'));
      this.busyState.set(true);
      this.missedUpdate = null;
      return send(id).pipe(
        tap({
          next: (result) => {
            if (this.ticketId.value !== id) return;
            apply(result);
            this.historyLoads.next(id);
          },
          error: () => {
            this.missedUpdate = null;
            this.reload();
          },
        }),
        finalize(() => {
          this.busyState.set(false);
          this.reloadIfMissed();
        }),
      );
    });
  }

  /** Merges a ticket returned by a change into the state, keeping the thread; an older answer is dropped. */
  private applyTicket(updated: TicketResponse): void {
    const current = this.ticketState();
    if (!current || current.id !== updated.id || isBefore(updated.updatedAt, current.updatedAt)) return;
    this.ticketState.set({ ...current, ...updated, replies: current.replies });
  }

  /**
   * Appends a new reply (its files move from the ticket's unsent uploads to it), and makes the
   * changes the server made with it: a public reply is the
   * ticket's latest update and its next version (and staff's first one its first response, which
   * stops the first-response SLA clock), and a customer's reply to a ticket waiting on them moves it
   * back to in progress. An internal note changes nothing else.
   */
  private applyReply(reply: ReplyResponse): void {
    const current = this.ticketState();
    if (!current) return;
    const next: TicketDetailResponse = { ...current, replies: [...current.replies, reply] };
    const sent = reply.attachments ?? [];
    if (sent.length) {
      // The files uploaded for it now belong to the reply (its `replyId`), no longer to the ticket only.
      const ids = new Set(sent.map((attachment) => attachment.id));
      next.attachments = [...current.attachments.filter((attachment) => !ids.has(attachment.id)), ...sent];
    }
    if (!reply.internal) {
      next.updatedAt = reply.createdAt;
      // The reply changed the ticket once on the server: the next change is based on that version
      // (its socket echo may carry the same updatedAt and so bring no reload).
      next.version = current.version + 1;
      if (isStaff(reply.author.role) && !current.firstResponseAt) {
        next.firstResponseAt = reply.createdAt;
        next.sla = slaViewAfterFirstResponse(current.sla, reply.createdAt, current.status);
      } else if (!isStaff(reply.author.role))
        next.status = automaticTransition(AutomaticTrigger.CustomerReplied, current.status) ?? current.status;
    }
    this.ticketState.set(next);
  }

  /** Fetches the ticket again: by id once it has loaded, else as the route names it. */
  private reload(): void {
    const ref = this.ticketId.value ?? this.ticketRef.value;
    if (ref === null) return;
    this.loadingState.set(true);
    this.loads.next(ref);
  }

  private reloadIfMissed(): void {
    const missed = this.missedUpdate;
    this.missedUpdate = null;
    const current = this.ticketState();
    if (missed && (!current || isBefore(current.updatedAt, missed))) this.reload();
  }

  /** Fetches each requested id, the latest request cancelling the one under way, and applies the answer. */
  private applyLoads(): void {
    this.loads
      .pipe(
        switchMap((ref) =>
          ref === null
            ? EMPTY
            : this.ticketsApi.get(ref).pipe(
                map((ticket): LoadResult => ({ ticket })),
                catchError((error: unknown) =>
                  of<LoadResult>(
                    error instanceof HttpErrorResponse && error.status === 404
                      ? { notFound: true }
                      : { failed: error },
                  ),
                ),
              ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((result) => this.applyLoad(result));
  }

  private applyLoad(result: LoadResult): void {
    this.loadingState.set(false);
    if ('ticket' in result) {
      const current = this.ticketState();
      // Fetched before a change of ours was applied: fetch again rather than step back.
      if (current?.id === result.ticket.id && isBefore(result.ticket.updatedAt, current.updatedAt)) {
        this.reload();
        return;
      }
      this.ticketState.set(result.ticket);
      this.notFoundState.set(false);
      this.ticketId.next(result.ticket.id);
      this.historyLoads.next(result.ticket.id);
    } else if ('notFound' in result) {
      this.ticketState.set(null);
      this.notFoundState.set(true);
      this.ticketId.next(null);
    } else {
      this.failuresSubject.next({ error: result.failed, message: 'Could not load the ticket.' });
    }
  }

  /** Fetches each requested history, the latest request cancelling the one under way. */
  private applyHistoryLoads(): void {
    this.historyLoads
      .pipe(
        switchMap((id) =>
          this.historyApi.list(id).pipe(
            map((response) => ({ id, items: response.items })),
            catchError((error: unknown) => {
              this.failuresSubject.next({ error, message: 'Could not load the activity of the ticket.' });
              return EMPTY;
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(({ id, items }) => {
        if (this.ticketId.value === id) this.historyState.set(items);
      });
  }

  /**
   * Watches the shown ticket over the socket by its id, from its first load (unsubscribing when
   * the ticket changes or the page leaves), and reloads it after a reconnection, which may have
   * missed changes, and on an update newer than the state. While a change of ours is on its way,
   * the update waits for its answer.
   */
  private followLiveUpdates(): void {
    this.ticketId
      .pipe(
        distinctUntilChanged(),
        switchMap((id) =>
          id === null
            ? EMPTY
            : merge(
                this.realtime.ticketUpdates(id).pipe(map((ticket) => ticket.updatedAt)),
                this.realtime.reconnected$.pipe(map(() => null)),
              ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((updatedAt) => this.takeLiveUpdate(updatedAt));
  }

  /** Handles `ticket.updated` (its `updatedAt`) or a reconnection (null). */
  private takeLiveUpdate(updatedAt: string | null): void {
    if (updatedAt === null) {
      this.reload();
      return;
    }
    if (this.busyState()) {
      if (!this.missedUpdate || isBefore(this.missedUpdate, updatedAt)) this.missedUpdate = updatedAt;
      return;
    }
    const current = this.ticketState();
    if (!current || current.id !== this.ticketId.value || isBefore(current.updatedAt, updatedAt))
      this.reload();
  }
}
