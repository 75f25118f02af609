import { Role } from '@hd/shared/domain';

/**
 * Domain events about user accounts, emitted through `@nestjs/event-emitter` once the change is
 * committed (a listener that closes connections must not race the commit). The notifications
 * gateway closes the user's sockets on each, so a client reconnects (or is refused) under the new state.
 */
export const UserEvents = {
  /** The user was deactivated: every socket is closed, and reconnecting is refused. */
  Deactivated: 'user.deactivated',
  /** The user's role changed: every socket is closed, so a reconnection joins the rooms of the new role. */
  RoleChanged: 'user.role_changed',
  /** The user's password was changed or reset: the sockets of every other session are closed. */
  PasswordChanged: 'user.password_changed',
  /** Sessions (logins) ended: logout, log out everywhere, password change, reuse; their sockets are closed. */
  SessionsEnded: 'user.sessions_ended',
} as const;

/** `user.sessions_ended`: these sessions (access-token `sid`s) of the user ended. */
export interface SessionsEndedEvent {
  userId: number;
  sessionIds: string[];
}

/** `user.deactivated`. */
export interface UserDeactivatedEvent {
  userId: number;
}

/** `user.role_changed`. */
export interface UserRoleChangedEvent {
  userId: number;
  from: Role;
  to: Role;
}

/** `user.password_changed`. */
export interface UserPasswordChangedEvent {
  userId: number;
  /** The session (access token `sid`) that changed it and stays open; absent after a reset: every session ends. */
  keepSessionId?: string;
}
