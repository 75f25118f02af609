import { Socket, io } from 'socket.io-client';

/** A notification as pushed over the socket (`NotificationResponse`). */
export interface PushedNotification {
  id: number;
  type: string;
  ticketId: number;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
}

/** A socket.io connection of one user that records every `notification` and `ticket.updated` it receives, in order. */
export interface Listener {
  socket: Socket;
  notifications: PushedNotification[];
  ticketUpdates: Array<Record<string, unknown> & { id: number }>;
  /** Resolves with the first recorded notification that matches (already received or future). */
  nextNotification(
    match: (n: PushedNotification) => boolean,
    timeoutMs?: number,
  ): Promise<PushedNotification>;
  /** Resolves with the first recorded `ticket.updated` that matches (already received or future). */
  nextTicketUpdate(
    match: (t: Record<string, unknown> & { id: number }) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Emits `event` with `body` and resolves with the server's acknowledgement. */
  request<T = unknown>(event: string, body: unknown): Promise<T>;
  close(): void;
}

function waitUntil<T>(
  find: () => T | undefined,
  subscribe: (wake: () => void) => () => void,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const found = find();
    if (found !== undefined) return resolve(found);
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      const value = find();
      if (value !== undefined) {
        clearTimeout(timer);
        unsubscribe();
        resolve(value);
      }
    });
  });
}

/**
 * Opens a socket.io connection to the API (websocket transport, handshake `auth: { token }`).
 * Rejects with the `connect_error` when the server refuses it. With `reconnect`, the client retries
 * by itself after a drop (every 100 to 500 ms), as the web app does.
 */
export function connectSocket(
  url: string,
  token: string | undefined,
  options: { reconnect?: boolean } = {},
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      auth: token === undefined ? {} : { token },
      transports: ['websocket'],
      reconnection: options.reconnect ?? false,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Connects as the user of `token` and records what the server pushes (`reconnect`: see {@link connectSocket}). */
export async function listen(
  url: string,
  token: string,
  options: { reconnect?: boolean } = {},
): Promise<Listener> {
  const socket = await connectSocket(url, token, options);
  const notifications: PushedNotification[] = [];
  const ticketUpdates: Array<Record<string, unknown> & { id: number }> = [];
  const wakers = new Set<() => void>();
  const wakeAll = (): void => [...wakers].forEach((wake) => wake());
  socket.on('notification', (n: PushedNotification) => {
    notifications.push(n);
    wakeAll();
  });
  socket.on('ticket.updated', (t: Record<string, unknown> & { id: number }) => {
    ticketUpdates.push(t);
    wakeAll();
  });
  const subscribe = (wake: () => void): (() => void) => {
    wakers.add(wake);
    return () => wakers.delete(wake);
  };
  return {
    socket,
    notifications,
    ticketUpdates,
    nextNotification: (match, timeoutMs = 10_000) =>
      waitUntil(() => notifications.find(match), subscribe, timeoutMs, 'a notification'),
    nextTicketUpdate: (match, timeoutMs = 10_000) =>
      waitUntil(() => ticketUpdates.find(match), subscribe, timeoutMs, 'a ticket.updated'),
    request: <T>(event: string, body: unknown) =>
      socket.timeout(10_000).emitWithAck(event, body) as Promise<T>,
    close: () => socket.close(),
  };
}
