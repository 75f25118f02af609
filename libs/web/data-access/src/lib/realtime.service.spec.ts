/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// Node export conditions: the in-process socket.io server (and the `ws` it uses) must not resolve to browser stubs.
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { createServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { firstValueFrom, Subscription } from 'rxjs';
import { Server, Socket as ServerSocket } from 'socket.io';

import {
  type AuthResponse,
  type NotificationResponse,
  NotificationType,
  Role,
  SocketEvents,
  type TicketResponse,
  TicketStatus,
} from '@hd/shared/domain';

import { AuthStateService, SESSION_STORAGE_KEY } from './auth-state.service';
import { REALTIME_OPTIONS, RealtimeService } from './realtime.service';

const USER = {
  id: 4,
  email: 'customer@example.com',
  firstName: 'Casey',
  lastName: 'Customer',
  name: 'Casey Customer',
  role: Role.Customer,
  active: true,
  available: false,
  createdAt: '2026-11-22T09:00:00.000Z',
};

function storeSession(accessToken: string, refreshToken = 'refresh-1'): void {
  localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ user: USER, accessToken, refreshToken }));
}

/** Resolves when `check` holds, polling every 10 ms (the socket works on real timers and sockets). */
/**
 * The token refresh the service asks for, once it has asked: the client hears of a refused
 * handshake or a closed connection a moment after the server acted, so this waits for it.
 */
async function refreshRequest(http: HttpTestingController): Promise<TestRequest> {
  let refreshes: TestRequest[] = [];
  await until(() => (refreshes = http.match('/api/auth/refresh')).length === 1, 'the token refresh');
  return refreshes[0];
}

async function until(check: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const NOTIFICATION: NotificationResponse = {
  id: 1,
  type: NotificationType.TicketStatusChanged,
  ticketId: 5,
  title: 'Ticket #5 is now In progress',
  body: '',
  createdAt: '2026-11-22T09:30:00.000Z',
  read: false,
  readAt: null,
};

describe('RealtimeService (against a real socket.io server)', () => {
  let httpServer: HttpServer;
  let io: Server;
  /** Access tokens the server accepts. */
  let validTokens: Set<string>;
  /** Tokens of every handshake, accepted or not. */
  let handshakes: string[];
  /** `event ticketId` of every (un)subscription received. */
  let subscriptions: string[];
  let sockets: ServerSocket[];
  let service: RealtimeService;
  let http: HttpTestingController;
  const held: Subscription[] = [];

  beforeEach(async () => {
    validTokens = new Set(['good']);
    handshakes = [];
    subscriptions = [];
    sockets = [];
    httpServer = createServer();
    io = new Server(httpServer);
    io.use((socket, next) => {
      const token = String((socket.handshake.auth as { token?: string }).token);
      handshakes.push(token);
      next(validTokens.has(token) ? undefined : new Error('Unauthorized: invalid or expired access token'));
    });
    io.on('connection', (socket) => {
      sockets.push(socket);
      for (const event of [SocketEvents.TicketSubscribe, SocketEvents.TicketUnsubscribe]) {
        socket.on(event, async (body: { ticketId: number }, ack: (a: object) => void) => {
          subscriptions.push(`${event} ${body.ticketId}`);
          if (event === SocketEvents.TicketSubscribe) await socket.join(`ticket:${body.ticketId}`);
          else await socket.leave(`ticket:${body.ticketId}`);
          ack({ ok: true });
        });
      }
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;

    localStorage.clear();
    storeSession('good');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: REALTIME_OPTIONS,
          useValue: { url: `http://127.0.0.1:${port}`, transports: ['websocket'], reconnectionDelayMax: 50 },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(RealtimeService);
    TestBed.tick();
  });

  afterEach(async () => {
    held.splice(0).forEach((s) => s.unsubscribe());
    TestBed.resetTestingModule();
    await new Promise<void>((resolve) => {
      void io.close(() => resolve());
    });
  });

  it('connects with the access token in the handshake and passes on pushed notifications', async () => {
    await until(() => service.status() === 'connected', 'the connection');
    expect(handshakes).toEqual(['good']);
    const received = firstValueFrom(service.notifications$);
    sockets[0].emit(SocketEvents.Notification, NOTIFICATION);
    expect(await received).toEqual(NOTIFICATION);
  });

  it('subscribes to a watched ticket once, emits its updates, and unsubscribes when the last watcher leaves', async () => {
    await until(() => service.status() === 'connected', 'the connection');
    const updates: TicketResponse[] = [];
    const first = service.ticketUpdates(5).subscribe((t) => updates.push(t));
    const second = service.ticketUpdates(5).subscribe();
    await until(() => subscriptions.length === 1, 'the subscription');
    expect(subscriptions).toEqual(['ticket.subscribe 5']);

    io.to('ticket:5').emit(SocketEvents.TicketUpdated, { id: 5, status: TicketStatus.Resolved });
    await until(() => updates.length === 1, 'the update');
    expect(updates[0].status).toBe(TicketStatus.Resolved);

    first.unsubscribe();
    second.unsubscribe();
    await until(() => subscriptions.length === 2, 'the unsubscription');
    expect(subscriptions).toEqual(['ticket.subscribe 5', 'ticket.unsubscribe 5']);
  });

  it('refreshes the token when the handshake is refused, then connects with the new one', async () => {
    validTokens = new Set(['fresh']);
    await until(() => handshakes.length === 1, 'the refused handshake');
    const refresh = await refreshRequest(http);
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush({ accessToken: 'fresh', refreshToken: 'refresh-2', user: USER } satisfies AuthResponse);
    await until(() => service.status() === 'connected', 'the reconnection');
    expect(handshakes).toEqual(['good', 'fresh']);
    expect(TestBed.inject(AuthStateService).accessToken()).toBe('fresh');
  });

  it('after the server closes the connection (token expiry), reconnects with a refreshed token, re-subscribes and announces the reconnection', async () => {
    held.push(service.ticketUpdates(7).subscribe());
    await until(() => subscriptions.length === 1, 'the subscription');
    const reconnected = firstValueFrom(service.reconnected$);

    validTokens = new Set(['fresh']);
    sockets[0].disconnect(true);
    const refresh = await refreshRequest(http);
    refresh.flush({ accessToken: 'fresh', refreshToken: 'refresh-2', user: USER } satisfies AuthResponse);

    await reconnected;
    await until(() => subscriptions.length === 2, 'the new subscription');
    expect(handshakes).toEqual(['good', 'fresh']);
    expect(subscriptions).toEqual(['ticket.subscribe 7', 'ticket.subscribe 7']);
  });

  it('reconnects by itself after a network drop and announces it, keeping the token', async () => {
    await until(() => service.status() === 'connected', 'the connection');
    const reconnected = firstValueFrom(service.reconnected$);
    // Closing the underlying connection looks like a network drop to the client ("transport close").
    sockets[0].conn.close();
    await reconnected;
    expect(service.status()).toBe('connected');
    expect(handshakes).toEqual(['good', 'good']);
    http.expectNone('/api/auth/refresh');
  });

  it('disconnects at logout', async () => {
    await until(() => service.status() === 'connected', 'the connection');
    TestBed.inject(AuthStateService).expire('/');
    TestBed.tick();
    expect(service.status()).toBe('disconnected');
    await until(() => io.engine.clientsCount === 0, 'the server to see the disconnect');
  });
});
