import { MikroORM, RequestContext } from '@mikro-orm/core';
import { HttpException, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';

import {
  Action,
  can,
  ErrorCode,
  isStaff,
  NotificationResponse,
  SocketAck,
  SocketEvents,
} from '@hd/shared/domain';

import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { shapeError } from '../common/filters/error-body';
import { MetricsService } from '../metrics/metrics.service';
import { Ticket } from '../tickets/ticket.entity';
import { toTicketResponse } from '../tickets/ticket.mapper';
import { TicketsService } from '../tickets/tickets.service';
import {
  SessionsEndedEvent,
  UserDeactivatedEvent,
  UserEvents,
  UserPasswordChangedEvent,
  UserRoleChangedEvent,
} from '../users/user.events';

/** The room of every connection of one user. */
export const userRoom = (userId: number): string => `user:${userId}`;
/** The room of every staff connection (agents and admins). */
export const AGENTS_ROOM = 'agents';
/** The rooms of a ticket's subscribers: staff hear of every change, customers not of internal notes. */
export const ticketRoom = (ticketId: number, audience: 'staff' | 'customer'): string =>
  `ticket:${ticketId}:${audience}`;

interface SocketData {
  user: AuthUser;
  expiryTimer?: NodeJS.Timeout;
}

/** `Invalid access token` -> `invalid access token`, to follow `Unauthorized: ` in handshake errors. */
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** Longest wait allowed for a timer, in ms (2^31 - 1). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The socket.io endpoint (`/socket.io` on the API's origin). The handshake must carry
 * `auth: { token: <access token> }` of an active user, or the connection is refused with a
 * `connect_error` (message `Unauthorized: ...`). Each connection joins `user:<id>`, staff also
 * `agents`; the connection is closed when the access token expires (the client reconnects with a
 * fresh one). Clients may subscribe to tickets they may see (`ticket.subscribe`, checked exactly
 * as REST by `TicketsService.findVisible`) and then receive `ticket.updated`.
 */
@Public()
@WebSocketGateway()
export class NotificationsGateway implements OnGatewayInit, OnGatewayDisconnect {
  @WebSocketServer()
  private server?: Server;

  private readonly logger = new Logger('NotificationsGateway');

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly orm: MikroORM,
    private readonly tickets: TicketsService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {}

  /** Installs the handshake authentication, and lets the metrics count the open connections. */
  afterInit(server: Server): void {
    this.metrics.countSocketsWith(() => server.sockets.sockets.size);
    server.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) =>
          next(new Error(`Unauthorized: ${error instanceof Error ? error.message : 'invalid access token'}`)),
      );
    });
  }

  /** Stops the token-expiry timer of a closed connection. */
  handleDisconnect(socket: Socket): void {
    const data = socket.data as Partial<SocketData>;
    if (data.expiryTimer) clearTimeout(data.expiryTimer);
  }

  /**
   * `ticket.subscribe {ticketId}`: from now on, `ticket.updated` arrives whenever the ticket changes.
   * @returns `{ok: true}`, or `{ok: false, error}` with 404 for a ticket the caller may not see (as in REST)
   */
  @SubscribeMessage(SocketEvents.TicketSubscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAck> {
    const user = (socket.data as SocketData).user;
    const ticketId = this.ticketIdOf(body);
    if (!ticketId) return this.notFound(body);
    try {
      const ticket = await RequestContext.create(this.orm.em, () => this.tickets.findVisible(ticketId, user));
      await socket.join(
        ticketRoom(ticket.id, can(user.role, Action.ReadInternalNotes) ? 'staff' : 'customer'),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof HttpException) return { ok: false, error: shapeError(error).body };
      throw error;
    }
  }

  /** `ticket.unsubscribe {ticketId}`: no more `ticket.updated` for that ticket. @returns `{ok: true}` */
  @SubscribeMessage(SocketEvents.TicketUnsubscribe)
  async unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SocketAck> {
    const ticketId = this.ticketIdOf(body);
    if (!ticketId) return this.notFound(body);
    await socket.leave(ticketRoom(ticketId, 'staff'));
    await socket.leave(ticketRoom(ticketId, 'customer'));
    return { ok: true };
  }

  /** Sends `notification` to every connection of `userId`. Call only after the notification was committed. */
  pushNotification(userId: number, notification: NotificationResponse): void {
    this.server?.to(userRoom(userId)).emit(SocketEvents.Notification, notification);
  }

  /**
   * Sends `ticket.updated` with the fresh ticket (`customer` and `assignee` loaded) to its staff
   * subscribers and, unless `customersToo` is false (an internal note), to its customer subscribers.
   */
  pushTicket(ticket: Ticket, customersToo: boolean): void {
    if (!this.server) return;
    const now = this.clock.now();
    this.server
      .to(ticketRoom(ticket.id, 'staff'))
      .emit(SocketEvents.TicketUpdated, toTicketResponse(ticket, 'staff', now));
    if (customersToo) {
      this.server
        .to(ticketRoom(ticket.id, 'customer'))
        .emit(SocketEvents.TicketUpdated, toTicketResponse(ticket, 'customer', now));
    }
  }

  /**
   * Closes every connection of a user who was deactivated (reconnecting is refused) or whose role
   * changed (a reconnection joins the rooms of the new role).
   */
  @OnEvent(UserEvents.Deactivated)
  @OnEvent(UserEvents.RoleChanged)
  disconnectUser(event: UserDeactivatedEvent | UserRoleChangedEvent): void {
    this.server?.in(userRoom(event.userId)).disconnectSockets(true);
  }

  /** Closes the connections of sessions that ended (logout, log out everywhere, refresh-token reuse). */
  @OnEvent(UserEvents.SessionsEnded)
  async disconnectEndedSessions(event: SessionsEndedEvent): Promise<void> {
    if (!this.server) return;
    const ended = new Set(event.sessionIds);
    for (const socket of await this.server.in(userRoom(event.userId)).fetchSockets()) {
      const sessionId = (socket.data as Partial<SocketData>).user?.sessionId;
      if (sessionId && ended.has(sessionId)) socket.disconnect(true);
    }
  }

  /** Closes the connections of every session of a user but the one that changed the password. */
  @OnEvent(UserEvents.PasswordChanged)
  async disconnectOtherSessions(event: UserPasswordChangedEvent): Promise<void> {
    if (!this.server) return;
    if (!event.keepSessionId) {
      this.server.in(userRoom(event.userId)).disconnectSockets(true);
      return;
    }
    for (const socket of await this.server.in(userRoom(event.userId)).fetchSockets()) {
      const sessionId = (socket.data as Partial<SocketData>).user?.sessionId;
      if (sessionId !== event.keepSessionId) socket.disconnect(true);
    }
  }

  private async authenticate(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token)
      throw new Error('missing access token: connect with auth: { token }');
    const { user, expiresAt } = await RequestContext.create(this.orm.em, () =>
      this.verifier.verify(token),
    ).catch((error: unknown) => {
      throw new Error(
        error instanceof HttpException ? lowerFirst(shapeError(error).body.message) : 'invalid access token',
      );
    });
    const data = socket.data as SocketData;
    data.user = user;
    if (expiresAt !== null) {
      const timer = setTimeout(
        () => socket.disconnect(true),
        Math.min(Math.max(expiresAt - this.clock.now().getTime(), 0), MAX_TIMER_MS),
      );
      timer.unref();
      // Not enumerable: with REDIS_URL, socket.data crosses replicas as JSON (fetchSockets), a timer cannot.
      Object.defineProperty(data, 'expiryTimer', { value: timer, configurable: true, writable: true });
    }
    await socket.join(isStaff(user.role) ? [userRoom(user.id), AGENTS_ROOM] : [userRoom(user.id)]);
    this.logger.debug(`user ${user.id} connected (${socket.id})`);
  }

  private ticketIdOf(body: unknown): number | null {
    const value = (body as { ticketId?: unknown } | null)?.ticketId;
    return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 2_147_483_647
      ? value
      : null;
  }

  private notFound(body: unknown): SocketAck {
    const id = (body as { ticketId?: unknown } | null)?.ticketId;
    return {
      ok: false,
      error: {
        statusCode: 404,
        error: 'Not Found',
        message: `Ticket ${String(id)} not found`,
        code: ErrorCode.NotFound,
      },
    };
  }
}
