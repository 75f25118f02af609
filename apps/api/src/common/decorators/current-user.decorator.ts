import { ExecutionContext, createParamDecorator } from '@nestjs/common';

import { ApiTokenScope, Role } from '@hd/shared/domain';

/** The authenticated caller, as the JWT guard leaves it on the request. */
export interface AuthUser {
  id: number;
  role: Role;
  name: string;
  email: string;
  /** The session of the access token (its `sid`: the login's refresh-token family), when it carries one. */
  sessionId?: string;
  /** Set when the caller authenticated with an API token rather than a login: its id and scopes. */
  apiToken?: { id: number; scopes: readonly ApiTokenScope[] };
}

/** Injects the authenticated {@link AuthUser} into a handler parameter. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
