import {
  computed,
  DestroyRef,
  effect,
  inject,
  Injectable,
  InjectionToken,
  signal,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import { filter, Observable, Subject } from 'rxjs';
import type { Socket } from 'socket.io-client';

import {
  type NotificationResponse,
  type SocketAck,
  SocketEvents,
  type TicketResponse,
} from '@hd/shared/domain';

import { AuthStateService } from './auth-state.service';

/** Where and how the socket connects; the defaults suit the app (same origin, path `/socket.io`). */
export interface RealtimeOptions {
  /** Origin of the API, e.g. `http://127.0.0.1:3000`; default: the page's origin. */
  url?: string;
  /**
   * socket.io transports; default: WebSocket only, which the API (same origin) always offers and
   * which keeps no long-poll request pending (so "network idle" means idle).
   */
  transports?: ('polling' | 'websocket')[];
  /** Longest wait between reconnection attempts, in ms (default 5000). */
  reconnectionDelayMax?: number;
  /** How long one connection attempt may hang before it counts as failed, in ms (default 10000). */
  connectTimeout?: number;
}

/** Options of {@link RealtimeService}; tests point it at an in-process server. */
export const REALTIME_OPTIONS = new InjectionToken<RealtimeOptions>('REALTIME_OPTIONS', {
  providedIn: 'root',
  factory: () => ({}),
});

/** State of the socket: `connecting` also covers waiting to reconnect after a drop. */
export type RealtimeStatus = 'disconnected' | 'connecting' | 'connected';

/** How long to wait for the server's ack of a (un)subscription, in ms. */
const ACK_TIMEOUT_MS = 5000;
/** Token refreshes tried in a row when the server keeps refusing the handshake. */
const MAX_AUTH_RETRIES = 2;

/**
 * The socket.io connection to the API. Connects while someone is logged in (handshake
 * `auth: { token }` with the current access token) and disconnects on logout. socket.io reconnects
 * by itself after a network drop; when the server refuses the handshake or closes the connection
 * (the access token expired), the token pair is refreshed through {@link AuthStateService} and the
 * socket reconnects with the new token. Ticket subscriptions are renewed after every reconnect,
 * and `reconnected$` tells listeners to re-fetch what they may have missed.
 * socket.io-client is loaded on first use, so it stays out of the initial bundle.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly auth = inject(AuthStateService);
  private readonly router = inject(Router);
  private readonly options = inject(REALTIME_OPTIONS);

  private socket: Socket | null = null;
  /** Bumped by every connect/disconnect, so a late socket.io-client import is not used after a logout. */
  private generation = 0;
  private everConnected = false;
  private tokenUsed: string | null = null;
  private authRetries = 0;
  /** Subscribed ticket ids, with how many watchers each has. */
  private readonly watched = new Map<number, number>();
  private readonly statusSignal = signal<RealtimeStatus>('disconnected');
  private readonly notificationSubject = new Subject<NotificationResponse>();
  private readonly ticketSubject = new Subject<TicketResponse>();
  private readonly reconnectedSubject = new Subject<void>();
  private readonly userId = computed(() => this.auth.user()?.id ?? null);

  /** The connection's state. */
  public readonly status = this.statusSignal.asReadonly();
  /** Every `notification` pushed by the server (a `NotificationResponse` with `read: false`). */
  public readonly notifications$: Observable<NotificationResponse> = this.notificationSubject.asObservable();
  /** Emits after each reconnection (not the first connection): time to re-fetch what was missed. */
  public readonly reconnected$: Observable<void> = this.reconnectedSubject.asObservable();

  /** Connects while a user is logged in (reconnecting as the new user when it changes). */
  public constructor() {
    effect(() => {
      const userId = this.userId();
      untracked(() => {
        this.disconnect();
        if (userId !== null) void this.connect();
      });
    });
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  /**
   * Live updates of one ticket: subscribes to it on the server when the first watcher subscribes
   * (again after every reconnect) and unsubscribes when the last one leaves. Emits the fresh
   * ticket (without replies) whenever it changes. A ticket the user may not see never emits.
   */
  public ticketUpdates(ticketId: number): Observable<TicketResponse> {
    return new Observable<TicketResponse>((subscriber) => {
      this.watch(ticketId);
      const subscription = this.ticketSubject
        .pipe(filter((ticket) => ticket.id === ticketId))
        .subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.unwatch(ticketId);
      };
    });
  }

  private async connect(): Promise<void> {
    const generation = this.generation;
    this.statusSignal.set('connecting');
    const { io } = await import('socket.io-client');
    if (generation !== this.generation || this.socket) return;
    const options = {
      path: '/socket.io',
      transports: this.options.transports ?? ['websocket'],
      reconnectionDelayMax: this.options.reconnectionDelayMax ?? 5000,
      // socket.io waits 20 s by default; on a half-dead network, retry sooner.
      timeout: this.options.connectTimeout ?? 10_000,
      // A function, so every (re)connection attempt sends the current token.
      auth: (send: (data: object) => void) => {
        this.tokenUsed = this.auth.accessToken();
        send({ token: this.tokenUsed ?? '' });
      },
    };
    const socket = this.options.url ? io(this.options.url, options) : io(options);
    this.socket = socket;
    socket.on('connect', () => this.connected(socket));
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.statusSignal.set('connecting');
      // The server closed it on purpose (token expiry): socket.io does not retry that by itself.
      if (reason === 'io server disconnect') this.reauthenticate(socket);
    });
    socket.on('connect_error', () => {
      // `active` stays true for network errors (socket.io retries); false when the server refused the handshake.
      if (!socket.active) this.reauthenticate(socket);
    });
    socket.on(SocketEvents.Notification, (notification: NotificationResponse) =>
      this.notificationSubject.next(notification),
    );
    socket.on(SocketEvents.TicketUpdated, (ticket: TicketResponse) => this.ticketSubject.next(ticket));
  }

  private disconnect(): void {
    this.generation++;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.everConnected = false;
    this.authRetries = 0;
    this.statusSignal.set('disconnected');
  }

  private connected(socket: Socket): void {
    this.statusSignal.set('connected');
    this.authRetries = 0;
    for (const ticketId of this.watched.keys())
      this.emitSubscription(socket, SocketEvents.TicketSubscribe, ticketId);
    if (this.everConnected) this.reconnectedSubject.next();
    this.everConnected = true;
  }

  /** Reconnects with a fresh access token: the one in the session if it changed meanwhile, else a refreshed one. */
  private reauthenticate(socket: Socket): void {
    if (socket !== this.socket) return;
    const current = this.auth.accessToken();
    if (!current) return;
    if (this.authRetries >= MAX_AUTH_RETRIES) {
      this.statusSignal.set('disconnected');
      return;
    }
    this.authRetries++;
    if (current !== this.tokenUsed) {
      socket.connect();
      return;
    }
    this.auth.refresh().subscribe({
      next: () => {
        if (socket === this.socket) socket.connect();
      },
      // The session is gone; the HTTP interceptor may be sending the user to log in already.
      error: () => {
        if (!this.router.url.startsWith('/auth/')) this.auth.expire(this.router.url);
      },
    });
  }

  private watch(ticketId: number): void {
    const count = this.watched.get(ticketId) ?? 0;
    this.watched.set(ticketId, count + 1);
    if (count === 0 && this.socket?.connected)
      this.emitSubscription(this.socket, SocketEvents.TicketSubscribe, ticketId);
  }

  private unwatch(ticketId: number): void {
    const count = this.watched.get(ticketId) ?? 0;
    if (count > 1) {
      this.watched.set(ticketId, count - 1);
      return;
    }
    this.watched.delete(ticketId);
    if (this.socket?.connected) this.emitSubscription(this.socket, SocketEvents.TicketUnsubscribe, ticketId);
  }

  private emitSubscription(socket: Socket, event: string, ticketId: number): void {
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck(event, { ticketId })
      .then(
        (ack: SocketAck) => {
          if (!ack.ok) console.warn(`${event} ${ticketId} refused: ${ack.error?.message ?? 'unknown error'}`);
        },
        // No ack in time: the connection dropped, and the next 'connect' subscribes again.
        () => undefined,
      );
  }
}
